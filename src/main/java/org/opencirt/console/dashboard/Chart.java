package org.opencirt.console.dashboard;

import java.util.ArrayList;
import java.util.List;
import org.opencirt.common.Texts;

/**
 * A bar chart drawn on the server as SVG (no script, so the strict CSP holds; colours come from the stylesheet by
 * class), with the same numbers as a table and as CSV.
 *
 * @param id      stable id, also the CSV's name
 * @param columns the x axis labels (days, feeds, states)
 * @param series  one stack layer each (or one bar of a group), with one value per column
 * @param grouped bars side by side instead of stacked: for values that do not add up (means)
 * @param details columns of the table and CSV that are not drawn (the counts behind a mean, an indicator's feeds)
 */
public record Chart(
        String id, String xLabel, List<String> columns, List<Series> series, boolean grouped, List<Detail> details) {

    public static final int WIDTH = 720;
    public static final int HEIGHT = 220;
    static final int LEFT = 40;
    static final int BOTTOM = 20;

    /** A stacked chart with nothing beside it in the table. */
    public Chart(String id, String xLabel, List<String> columns, List<Series> series) {
        this(id, xLabel, columns, series, false, List.of());
    }

    /** One layer: its name and a value per column. */
    public record Series(String name, List<Long> values) {}

    /** A column of the table only: its name and a text per column of the chart. */
    public record Detail(String name, List<String> values) {}

    /** A drawn rectangle with its tooltip. */
    public record Bar(int x, int y, int width, int height, int series, String tooltip) {}

    /** One x axis label, placed under its column (only some are drawn when there are many). */
    public record Tick(int x, String label) {}

    public long max() {
        long max = 0;
        for (int c = 0; c < columns.size(); c++) {
            long sum = 0;
            for (var s : series) {
                sum = grouped
                        ? Math.max(sum, s.values().get(c))
                        : sum + s.values().get(c);
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    public boolean isEmpty() {
        return max() == 0;
    }

    public List<Bar> bars() {
        var bars = new ArrayList<Bar>();
        var max = Math.max(1, max());
        var plotWidth = WIDTH - LEFT;
        var plotHeight = HEIGHT - BOTTOM;
        var step = columns.isEmpty() ? plotWidth : plotWidth / columns.size();
        var width = Math.max(2, step - 4);
        var barWidth = grouped ? Math.max(1, width / Math.max(1, series.size())) : width;
        for (int c = 0; c < columns.size(); c++) {
            var y = plotHeight;
            for (int s = 0; s < series.size(); s++) {
                var value = series.get(s).values().get(c);
                if (value == 0) {
                    continue;
                }
                var height = (int) Math.max(1, Math.round((double) value * (plotHeight - 10) / max));
                y = grouped ? plotHeight - height : y - height;
                var x = LEFT + c * step + 2 + (grouped ? s * barWidth : 0);
                bars.add(new Bar(
                        x,
                        y,
                        barWidth,
                        height,
                        s % 8,
                        "%s · %s: %d".formatted(columns.get(c), series.get(s).name(), value)));
            }
        }
        return bars;
    }

    public List<Tick> ticks() {
        var ticks = new ArrayList<Tick>();
        var step = columns.isEmpty() ? 1 : (WIDTH - LEFT) / columns.size();
        var every = Math.max(1, (int) Math.ceil(columns.size() / 8.0));
        for (int c = 0; c < columns.size(); c += every) {
            ticks.add(new Tick(LEFT + c * step + 2, Texts.abbreviate(columns.get(c), Math.max(4, step * every / 7))));
        }
        return ticks;
    }

    /** The chart's numbers: a header row, then one row per column. */
    public List<List<String>> rows() {
        var rows = new ArrayList<List<String>>();
        var header = new ArrayList<String>();
        header.add(xLabel);
        series.forEach(s -> header.add(s.name()));
        details.forEach(d -> header.add(d.name()));
        rows.add(header);
        for (int c = 0; c < columns.size(); c++) {
            var row = new ArrayList<String>();
            row.add(columns.get(c));
            for (var s : series) {
                row.add(String.valueOf(s.values().get(c)));
            }
            for (var d : details) {
                row.add(d.values().get(c));
            }
            rows.add(row);
        }
        return rows;
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public int axisY() {
        return HEIGHT - BOTTOM;
    }

    public int labelY() {
        return HEIGHT - 4;
    }

    public int left() {
        return LEFT;
    }
}
