package org.opencirt.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An HTTP example of the docs: a {@code ```http} block holding a request, and the {@code ```http}
 * block after it holding the answer the document promises (at least its status line).
 *
 * <pre>
 * ```http
 * POST /api/v1/incidents
 * Authorization: Bearer {{ab-analyst}}
 * Content-Type: application/json
 *
 * {"title": "..."}
 * ```
 *
 * ```http
 * HTTP/1.1 201 Created
 * Location: http://localhost:8080/api/v1/incidents/...
 * ```
 * </pre>
 */
record HttpExample(Markdown.Block block, Request request, Response response) {

    private static final Pattern REQUEST_LINE =
            Pattern.compile("^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\\S+)(?: HTTP/[0-9.]+)?$");
    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/[0-9.]+ (\\d{3})(?: .*)?$");

    record Request(String method, String target, Map<String, String> headers, String body) {}

    record Response(int status, Map<String, String> headers, String body) {}

    /** Whether a {@code ```http} block is an answer (starts with a status line) rather than a request. */
    static boolean isResponse(Markdown.Block block) {
        return STATUS_LINE.matcher(firstLine(block.text())).matches();
    }

    /**
     * Every request of a document with the answer shown after it.
     *
     * @throws IllegalArgumentException naming the block when a request or answer does not read, or a
     *     request has no answer
     */
    static List<HttpExample> of(Markdown document) {
        var examples = new ArrayList<HttpExample>();
        var blocks =
                document.blocks().stream().filter(b -> b.info().equals("http")).toList();
        for (int i = 0; i < blocks.size(); i++) {
            var block = blocks.get(i);
            if (isResponse(block)) {
                throw new IllegalArgumentException(block.where() + ": an answer without a request before it");
            }
            var request = request(block);
            if (i + 1 >= blocks.size() || !isResponse(blocks.get(i + 1))) {
                throw new IllegalArgumentException(
                        block.where() + ": a request needs the answer it gets in the next ```http block");
            }
            examples.add(new HttpExample(block, request, response(blocks.get(++i))));
        }
        return examples;
    }

    private static Request request(Markdown.Block block) {
        var message = Message.of(block.text());
        var line = REQUEST_LINE.matcher(message.start());
        if (!line.matches()) {
            throw new IllegalArgumentException(block.where() + ": not a request line: " + message.start());
        }
        return new Request(line.group(1), line.group(2), message.headers(), message.body());
    }

    private static Response response(Markdown.Block block) {
        var message = Message.of(block.text());
        var line = STATUS_LINE.matcher(message.start());
        if (!line.matches()) {
            throw new IllegalArgumentException(block.where() + ": not a status line: " + message.start());
        }
        return new Response(Integer.parseInt(line.group(1)), message.headers(), message.body());
    }

    private static String firstLine(String text) {
        var stripped = text.strip();
        int end = stripped.indexOf('\n');
        return end < 0 ? stripped : stripped.substring(0, end).strip();
    }

    /** Start line, headers (names in lower case) and body of an HTTP message as the docs write it. */
    private record Message(String start, Map<String, String> headers, String body) {

        static Message of(String text) {
            var lines = text.strip().split("\n", -1);
            var headers = new LinkedHashMap<String, String>();
            int i = 1;
            for (; i < lines.length && !lines[i].isBlank(); i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("not a header: " + lines[i]);
                }
                headers.put(
                        lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            var body = new StringBuilder();
            for (i = i + 1; i < lines.length; i++) {
                body.append(lines[i]).append('\n');
            }
            return new Message(lines[0].strip(), headers, body.toString().strip());
        }
    }
}
