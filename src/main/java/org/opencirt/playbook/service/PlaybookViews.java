package org.opencirt.playbook.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opencirt.incident.service.IncidentCommands.CreateIncident;
import org.opencirt.playbook.engine.Evaluation;

/** API bodies of the playbook endpoints. */
public final class PlaybookViews {

    private PlaybookViews() {}

    /** A playbook as listed: where it comes from and whether it runs for the caller's CIRT. */
    public record PlaybookView(
            String id,
            String name,
            String description,
            int version,
            String trigger,
            int order,
            String when,
            List<String> actions,
            boolean enabled,
            boolean shipped) {}

    /** One playbook with the YAML it was read from. */
    public record PlaybookDetail(PlaybookView playbook, String source) {}

    /** Switches a playbook on or off for the caller's CIRT. */
    public record Switch(Boolean enabled) {}

    /**
     * A dry-run: a playbook (YAML text) and either a stored incident of the caller's CIRT or an
     * incident body; {@code trigger} defaults to the playbook's own.
     */
    public record DryRun(
            @NotBlank @Size(max = 50_000) String playbook,
            UUID incidentId,
            @Valid CreateIncident incident,
            String trigger) {}

    /** What a playbook would do to one incident. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DryRunResult(String incident, Evaluation evaluation) {}

    /** A backtest: a candidate playbook over the CIRT's incidents reported in the last {@code days}. */
    public record Backtest(
            @NotBlank @Size(max = 50_000) String playbook,
            @Min(1) @Max(365) Integer days) {}

    /**
     * What a playbook would have done: how many incidents it looked at and matched, failures of
     * its condition, and per field how values would change ({@code "medium -> high": 12}), with
     * other effects counted by kind and a sample of matching references.
     */
    public record BacktestResult(
            String playbook,
            int days,
            int evaluated,
            int matched,
            int errors,
            long millis,
            Map<String, Map<String, Integer>> changes,
            Map<String, Integer> added,
            List<String> sample) {}

    /**
     * One pass of the engine over an incident; {@code evaluationMicros} and {@code evaluationCpuMicros}:
     * its facts and conditions, all together, as wall and CPU time.
     */
    public record RunView(
            UUID id,
            String trigger,
            long incidentVersion,
            Instant startedAt,
            Instant finishedAt,
            long evaluationMicros,
            long evaluationCpuMicros,
            @JsonRawValue String evaluations) {}
}
