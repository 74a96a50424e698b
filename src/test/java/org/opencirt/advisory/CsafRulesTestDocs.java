package org.opencirt.advisory;

/** Documents shared by tests. */
final class CsafRulesTestDocs {

    static final String VALID = """
            {"document": {"category": "csaf_base", "csaf_version": "2.0", "title": "T",
              "publisher": {"category": "coordinator", "name": "X", "namespace": "https://x.example"},
              "distribution": {"tlp": {"label": "WHITE"}},
              "tracking": {"id": "X-1", "status": "final", "version": "1",
                "initial_release_date": "2026-01-01T00:00:00Z", "current_release_date": "2026-01-01T00:00:00Z",
                "revision_history": [{"number": "1", "date": "2026-01-01T00:00:00Z", "summary": "a"}]}}}
            """;

    private CsafRulesTestDocs() {}
}
