package org.opencirt.exchange.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.opencirt.common.Tlp;
import org.opencirt.feed.parse.FeedInput;
import org.opencirt.feed.parse.ItemSink;
import org.opencirt.feed.parse.ParserOptions;
import org.opencirt.feed.parse.RawItem;
import org.opencirt.feed.parse.StixBundleParser;
import org.opencirt.indicator.model.IndicatorExport;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.observable.ObservableType;

/** The STIX 2.1 mapping: every object valid against schemas written from the spec, ids stable, readable back. */
class StixExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant STORED = Instant.parse("2026-11-02T10:15:30.123456Z");
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final StixFacts.Producer AB =
            new StixFacts.Producer("cert-ab", "CERT-AB", Instant.parse("2026-01-01T00:00:00Z"));

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix("https://opencirt.org/stix-schemas/", "classpath:stix-schemas/")));
    private static final Map<String, JsonSchema> BY_TYPE = new HashMap<>();

    private static JsonSchema schema(String type) {
        return BY_TYPE.computeIfAbsent(
                type, t -> SCHEMAS.getSchema(SchemaLocation.of("classpath:stix-schemas/" + t + ".json")));
    }

    private static void assertValid(JsonNode object) {
        var type = object.get("type").asText();
        assertThat(IndicatorIds.class.getClassLoader().getResource("stix-schemas/" + type + ".json"))
                .as("a schema for %s", type)
                .isNotNull();
        assertThat(schema(type).validate(object))
                .as("%s is valid STIX 2.1", object)
                .isEmpty();
    }

    private static IndicatorExport export(String type, String value, String tlp, String classification) {
        var id = IndicatorIds.idOf(type, value);
        return new IndicatorExport(
                id,
                IndicatorIds.stixKey(id),
                type,
                value,
                tlp,
                80,
                classification,
                classification == null ? null : "malicious-code",
                List.of("botnet"),
                List.of(new IndicatorExport.ExportSource("feodo", tlp, List.of("src-1"), "Feodo C2")),
                Instant.parse("2026-10-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"),
                STORED,
                STORED,
                STORED);
    }

    private static final List<IndicatorExport> EVERY_TYPE = List.of(
            export("ipv4", "198.51.100.7", "GREEN", "c2-server"),
            export("ipv6", "2001:db8::7", "CLEAR", null),
            export("cidr", "203.0.113.0/24", "AMBER", "scanner"),
            export("cidr", "2001:db8:1::/48", "GREEN", null),
            export("domain", "bank-verify.example", "GREEN", "phishing"),
            export("url", "http://bank-verify.example/it's", "GREEN", "phishing"),
            export("email", "fraud@bank-verify.example", "GREEN", null),
            export("md5", "d41d8cd98f00b204e9800998ecf8427e", "GREEN", null),
            export("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "GREEN", null),
            export("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "AMBER+STRICT", null),
            export("sha512", "cf83e1357eefb8bdf1542850d66d8007d620e405" + "0".repeat(88), "RED", null),
            export("asn", "AS64500", "GREEN", null),
            export("filename", "invoice.pdf.exe", "GREEN", null));

    private static ObjectNode bundle() {
        var objects = new ArrayList<ObjectNode>();
        EVERY_TYPE.forEach(i -> objects.addAll(StixMapper.indicator(AB, i)));
        objects.addAll(StixMapper.incident(AB, incident(null)));
        objects.add(StixMapper.report(AB, advisory()));
        return StixMapper.bundle(AB, objects);
    }

    private static StixFacts.Incident incident(Instant revokedAt) {
        return new StixFacts.Incident(
                UUID.fromString("3f0c1b8e-5a7d-4c1e-9b2a-6d4e8f0a1c23"),
                Tlp.AMBER,
                "CERT-AB-2026-0042",
                "Phishing kit aimed at the region's banks",
                "Kit served from a look-alike domain",
                "new",
                "fraud",
                "phishing",
                "high",
                Instant.parse("2026-11-30T08:00:00Z"),
                Instant.parse("2026-11-30T09:00:00Z"),
                List.of(
                        new StixFacts.Observable("domain", "bank-verify.example"),
                        new StixFacts.Observable("ipv4", "198.51.100.7"),
                        new StixFacts.Observable("cve", "CVE-2026-1234")),
                List.of(new StixFacts.Sighting(
                        "bank-verify.example",
                        IndicatorIds.stixKey(IndicatorIds.idOf("domain", "bank-verify.example")),
                        Tlp.RED,
                        Instant.parse("2026-11-30T09:05:00Z"))),
                Instant.parse("2026-11-30T09:00:00Z"),
                Instant.parse("2026-11-30T10:00:00Z"),
                revokedAt);
    }

    private static StixFacts.Advisory advisory() {
        return new StixFacts.Advisory(
                UUID.fromString("0b6f3c2a-9d41-4e8b-a7c5-3f2e1d0c9b8a"),
                Tlp.CLEAR,
                "CERT-AB-SA-2026-001",
                "Remote code execution in a port gateway",
                "Patch now",
                List.of("CVE-2026-1234"),
                "https://cirt.example/.well-known/csaf/white/2026/cert-ab-sa-2026-001.json",
                "ab".repeat(32),
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-02T00:00:00Z"),
                null);
    }

    @Test
    void everyExportedObjectIsValidAgainstTheSchemasWrittenFromTheSpec() {
        var bundle = bundle();
        assertThat(schema("bundle").validate(bundle)).isEmpty();
        var types = new ArrayList<String>();
        for (var object : bundle.get("objects")) {
            assertValid(object);
            types.add(object.get("type").asText());
        }
        assertThat(types)
                .contains(
                        "identity",
                        "extension-definition",
                        "marking-definition",
                        "indicator",
                        "relationship",
                        "ipv4-addr",
                        "ipv6-addr",
                        "domain-name",
                        "url",
                        "email-addr",
                        "file",
                        "autonomous-system",
                        "incident",
                        "observed-data",
                        "sighting",
                        "report");
    }

    @Test
    void theSchemasRefuseWhatTheSpecForbids() {
        var indicator =
                (ObjectNode) StixMapper.indicator(AB, EVERY_TYPE.getFirst()).getFirst();
        assertThat(schema("indicator").validate(indicator.deepCopy().put("spec_version", "2.0")))
                .isNotEmpty();
        assertThat(schema("indicator").validate(indicator.deepCopy().put("id", "indicator--not-a-uuid")))
                .isNotEmpty();
        assertThat(schema("indicator").validate(indicator.deepCopy().put("valid_from", "2026-10-01 00:00:00")))
                .isNotEmpty();
        assertThat(schema("indicator").validate(indicator.deepCopy().put("confidence", 101)))
                .isNotEmpty();
        assertThat(schema("indicator").validate(indicator.deepCopy().put("severity", "high")))
                .as("a custom property without the x_opencirt_ prefix")
                .isNotEmpty();
        var withoutPattern = indicator.deepCopy();
        withoutPattern.remove("pattern");
        assertThat(schema("indicator").validate(withoutPattern)).isNotEmpty();
    }

    @Test
    void everyObjectIsMarkedWithItsTlpAndCreatedByTheCirt() {
        var bundle = bundle();
        var identity = StixIds.identity("cert-ab");
        var markings = new ArrayList<String>();
        for (var object : bundle.get("objects")) {
            var type = object.get("type").asText();
            if (type.equals("marking-definition")) {
                markings.add(object.get("id").asText());
                continue;
            }
            if (type.equals("identity") || type.equals("extension-definition")) {
                continue;
            }
            assertThat(object.get("object_marking_refs")).as(type).isNotNull();
            if (object.has("created")) {
                assertThat(object.get("created_by_ref").asText()).isEqualTo(identity);
            }
        }
        for (var object : bundle.get("objects")) {
            for (var ref : object.path("object_marking_refs")) {
                assertThat(markings).contains(ref.asText());
            }
        }
        var amber = StixMapper.indicator(AB, EVERY_TYPE.get(2)).getFirst();
        assertThat(amber.get("object_marking_refs").get(0).asText())
                .isEqualTo("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421");
        assertThat(TlpMarkings.definition(Tlp.AMBER_STRICT)
                        .at("/extensions/" + TlpMarkings.EXTENSION + "/tlp_2_0")
                        .asText())
                .isEqualTo("amber+strict");
    }

    @Test
    void observablesHaveTheDeterministicIdsOfTheStixSpec() {
        // expected ids computed independently (Python's uuid.uuid5 on the spec's namespace and canonical JSON)
        assertThat(StixIds.sco("ipv4-addr", Map.of("value", "198.51.100.7")))
                .isEqualTo("ipv4-addr--12592121-be4c-5a93-a813-5a5af16e50db");
        assertThat(StixMapper.observable(new StixFacts.Observable("md5", "d41d8cd98f00b204e9800998ecf8427e"))
                        .orElseThrow()
                        .get("id")
                        .asText())
                .isEqualTo("file--02fff920-f614-527c-81d1-6353633a6d21");
    }

    @Test
    void idsAreStableAcrossTwoExportsAndDifferPerCirt() {
        var first = ids(bundle());
        var second = ids(bundle());
        assertThat(second).isEqualTo(first);
        var cd = new StixFacts.Producer("cert-cd", "CERT-CD", AB.since());
        var ab = StixMapper.indicator(AB, EVERY_TYPE.getFirst())
                .getFirst()
                .get("id")
                .asText();
        var other = StixMapper.indicator(cd, EVERY_TYPE.getFirst())
                .getFirst()
                .get("id")
                .asText();
        assertThat(other).isNotEqualTo(ab);
        assertThat(StixIds.indicatorKey("cert-ab", ab))
                .contains(EVERY_TYPE.getFirst().stixKey());
        assertThat(StixIds.indicatorKey("cert-cd", ab)).isNotEqualTo(StixIds.indicatorKey("cert-ab", ab));
    }

    private static List<String> ids(JsonNode bundle) {
        var ids = new ArrayList<String>();
        for (var object : bundle.get("objects")) {
            ids.add(object.get("id").asText() + "@" + object.path("modified").asText());
        }
        return ids;
    }

    @Test
    void theExportReadsBackThroughThePlatformsOwnStixParser() throws Exception {
        var bundle = bundle();
        var items = new ArrayList<RawItem>();
        var invalid = new ArrayList<String>();
        new StixBundleParser(Clock.fixed(NOW, ZoneOffset.UTC))
                .parse(
                        FeedInput.of(new ByteArrayInputStream(JSON.writeValueAsBytes(bundle))),
                        ParserOptions.defaults(),
                        new ItemSink() {
                            @Override
                            public void item(RawItem item) {
                                items.add(item);
                            }

                            @Override
                            public void invalid(long position, String reason, String excerpt) {
                                invalid.add(reason);
                            }
                        });
        var fromIndicators = items.stream()
                .filter(i -> i.sourceId() != null && i.sourceId().startsWith("indicator--"))
                .collect(Collectors.toMap(i -> i.type() + " " + i.value(), i -> i));
        for (var exported : EVERY_TYPE) {
            if (exported.type().equals("filename")) {
                continue; // file:name is valid STIX the feed parser does not take as an indicator
            }
            var key = ObservableType.fromWire(exported.type()) + " " + exported.value();
            assertThat(fromIndicators).as(key).containsKey(key);
            var item = fromIndicators.get(key);
            assertThat(item.tlp()).isEqualTo(exported.tlp());
            assertThat(item.confidence()).isEqualTo(exported.confidence());
            assertThat(item.firstSeen()).isEqualTo(exported.validFrom());
            assertThat(item.description()).isEqualTo("Feodo C2");
            if (exported.classification() != null) {
                assertThat(item.classification()).isEqualTo(exported.classification());
            }
        }
        // a file known by its name only is valid STIX that the feed parser does not take, as an indicator or alone
        assertThat(invalid)
                .containsExactlyInAnyOrder(
                        "unsupported object path 'file:name'", "file without an MD5, SHA-1, SHA-256 or SHA-512 hash");
    }

    @Test
    void anExpiredIndicatorDoesNotComeBackAsValid() throws Exception {
        var expired = StixMapper.bundle(AB, StixMapper.indicator(AB, EVERY_TYPE.getFirst()));
        var reasons = new ArrayList<String>();
        new StixBundleParser(Clock.fixed(Instant.parse("2027-02-01T00:00:00Z"), ZoneOffset.UTC))
                .parse(
                        FeedInput.of(new ByteArrayInputStream(JSON.writeValueAsBytes(expired))),
                        ParserOptions.defaults(),
                        new ItemSink() {
                            @Override
                            public void item(RawItem item) {}

                            @Override
                            public void invalid(long position, String reason, String excerpt) {
                                reasons.add(reason);
                            }
                        });
        assertThat(reasons).anyMatch(r -> r.startsWith("expired (valid_until 2027-01-01T00:00:00.000Z"));
    }

    @Test
    void anIncidentsMatchIsASightingOfTheIndicatorTheCirtExportsWithWhatWasSeenUnderTheStricterLabel() {
        var objects = StixMapper.incident(AB, incident(null));
        var byType = new HashMap<String, List<ObjectNode>>();
        objects.forEach(o -> byType.computeIfAbsent(o.get("type").asText(), t -> new ArrayList<>())
                .add(o));
        var sighting = byType.get("sighting").getFirst();
        var observed = byType.get("observed-data").getFirst();
        var domain = byType.get("domain-name").getFirst();
        // the indicator the CIRT's own collections export for the value that matched
        var indicator = StixMapper.indicator(AB, export("domain", "bank-verify.example", "GREEN", "phishing"))
                .getFirst();
        assertThat(sighting.get("sighting_of_ref").asText())
                .isEqualTo(indicator.get("id").asText());
        assertThat(sighting.get("observed_data_refs").get(0).asText())
                .isEqualTo(observed.get("id").asText());
        assertThat(sighting.get("where_sighted_refs").get(0).asText()).isEqualTo(StixIds.identity("cert-ab"));
        assertThat(sighting.get("first_seen").asText()).isEqualTo("2026-11-30T09:05:00.000Z");
        assertThat(observed.get("object_refs").get(0).asText())
                .isEqualTo(domain.get("id").asText());
        // the match was RED, the incident AMBER: what tells of the match carries RED
        for (var object : List.of(sighting, observed)) {
            assertValid(object);
            assertThat(object.get("object_marking_refs").get(0).asText()).isEqualTo(TlpMarkings.id(Tlp.RED));
        }
        assertThat(StixMapper.incident(AB, incident(null)).stream()
                        .map(o -> o.get("id").asText()))
                .as("stable ids")
                .contains(sighting.get("id").asText(), observed.get("id").asText());
        var unsighted = schema("sighting").validate(sighting.deepCopy().put("count", -1));
        assertThat(unsighted).isNotEmpty();
        var nothingSeen = observed.deepCopy();
        nothingSeen.remove("object_refs");
        assertThat(schema("observed-data").validate(nothingSeen)).isNotEmpty();
    }

    @Test
    void aRevokedIncidentIsANewVersionThatSaysSoAndHoldsNothingElse() {
        var revokedAt = Instant.parse("2026-12-01T12:00:00Z");
        var shared = StixMapper.incident(AB, incident(null));
        var revoked = StixMapper.incident(AB, incident(revokedAt));
        assertThat(shared).hasSize(7);
        assertThat(revoked).hasSize(1);
        var object = revoked.getFirst();
        assertValid(object);
        assertThat(object.get("id")).isEqualTo(shared.getFirst().get("id"));
        assertThat(object.get("revoked").asBoolean()).isTrue();
        assertThat(object.get("modified").asText()).isEqualTo("2026-12-01T12:00:00.000Z");
        assertThat(object.has("description")).isFalse();
    }

    @Test
    void anAdvisoryIsAReportCarryingItsCsafDocument() {
        var report = StixMapper.report(AB, advisory());
        assertValid(report);
        assertThat(report.at("/external_references/0/url").asText()).endsWith("cert-ab-sa-2026-001.json");
        assertThat(report.at("/external_references/0/external_id").asText()).isEqualTo("CERT-AB-SA-2026-001");
        assertThat(report.at("/external_references/1/external_id").asText()).isEqualTo("CVE-2026-1234");
    }
}
