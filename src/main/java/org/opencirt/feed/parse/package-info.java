/**
 * Threat feed parsers: turn the bytes of a feed into {@link org.opencirt.feed.parse.RawItem}s,
 * one {@link org.opencirt.feed.parse.FeedParser} per {@link org.opencirt.feed.parse.FeedFormat}
 * ({@link org.opencirt.feed.parse.FeedParsers#of(org.opencirt.feed.parse.FeedFormat, java.time.Clock)}).
 *
 * <h2>What a parser does, and does not</h2>
 * <ul>
 *   <li>It streams: a line is at most 64 KiB ({@code LineReader}), a CSV record is framed then
 *       parsed alone by Jackson's CSV parser, a JSON document is walked with Jackson's streaming
 *       {@code JsonParser} and only one record (object, attribute) at a time becomes a tree. A
 *       feed of any size runs in bounded memory; the tests feed 2,000,000 generated lines and
 *       check how far ahead of the items the input was read.</li>
 *   <li>It reports what the source states, not normalised: the ingestion refangs, normalises,
 *       validates ({@code 203.0.113.300/24} is an item here and refused there) and applies
 *       warninglists. The parser only refuses what cannot be one value: nothing, more than one
 *       token (white space inside), more than 4096 characters, a control character (NUL
 *       padding, binary garbage), markup ({@code </pre>}, an HTML error page: a value starting
 *       with {@code <}). The one change it makes: {@code addScheme} puts {@code http://} (or
 *       {@code https://}) before a url without a scheme.</li>
 *   <li>Text is UTF-8 (a byte order mark dropped), and a line that is not valid UTF-8 is read as
 *       Windows-1252, line by line ({@code LineReader}); UTF-16 with its byte order mark reads
 *       too. The fetcher has already gunzipped and unzipped the body, by its content
 *       ({@code org.opencirt.feed.fetch}).</li>
 *   <li>Bad lines and records go to {@link org.opencirt.feed.parse.ItemSink#invalid} with their
 *       position and at most 200 characters of input (control characters shown as U+FFFD), and
 *       the reading goes on. What a parser leaves out on purpose goes to
 *       {@link org.opencirt.feed.parse.ItemSink#skipped} with its position and a constant reason
 *       ({@link org.opencirt.feed.parse.Skips}): comment, blank and header lines, Spamhaus's
 *       metadata line, MISP attributes with {@code to_ids: false} or deleted, STIX objects that
 *       are no indicator ({@code not an indicator: <type>}). A
 *       {@link org.opencirt.feed.parse.FeedFormatException} means the whole input is unusable:
 *       empty JSON, not JSON, no records array, a CSV header without a mapped column, a TAXII
 *       error, a MISP manifest that is no object. A JSON document that breaks after its records
 *       began (a truncated download) keeps the records before the break and adds one invalid
 *       entry: JSON cannot be resynchronised, so the rest is not read.</li>
 *   <li>Options that do not fit the format throw {@link java.lang.IllegalArgumentException}
 *       before anything is read; {@link org.opencirt.feed.parse.ParserOptions#problems} lists
 *       them all at once, for the feed definition loader.</li>
 *   <li>Classifications are RSIT types or null: a source's value is looked up in the
 *       classifications (the format's built-in ones, then the options'), else kept when it is an
 *       RSIT type, else kept as a tag; the classification {@code *} applies to items that get
 *       none otherwise. TLP labels are TLP 2.0 wire labels ({@code CLEAR} ... {@code RED}); TLP
 *       1.0 WHITE reads as CLEAR.</li>
 *   <li>Positions: 1-based line numbers for line formats (plain list, CSV, DROP, URLhaus,
 *       OpenPhish); 0-based indexes for JSON formats (the record, the STIX object counted on
 *       across TAXII pages, the MISP attribute counted on across events).</li>
 * </ul>
 *
 * <h2>Decisions per format</h2>
 * Each parser's Javadoc says exactly what it reads; the choices the formats leave open:
 * <ul>
 *   <li>{@code spamhaus-drop}: text and JSON lines are told apart line by line; ASN-DROP lines
 *       are always type {@code asn} (a forced type applies to networks only).</li>
 *   <li>{@code urlhaus-csv}: the column names may be in a comment, in a first line, or nowhere
 *       (the documented order).</li>
 *   <li>{@code csv}: the same, with the documented order given as {@code columns}: a first
 *       record that names no mapped column is then data. A record with more fields than columns
 *       has the surplus joined back into the free-text column ({@code freeTextField}, default the
 *       last); {@code plain-list} with a delimiter does the same given {@code columns}. A repeated
 *       header line is skipped.</li>
 *   <li>{@code misp-feed}: events in uuid order; attributes of MISP objects are read as the
 *       event's own; the latest sighting (type 0) makes a later lastSeen; attributes with
 *       {@code to_ids: false} are context and skipped (counted) whatever their type; an
 *       unsupported type with
 *       {@code to_ids: true} is invalid; a missing or broken event is one invalid entry, but
 *       when no event at all can be fetched the run fails (the server is down).</li>
 *   <li>{@code stix-bundle} / {@code taxii-collection}: simple patterns and OR-ed comparisons
 *       give items; AND, FOLLOWEDBY, qualifiers, other operators, expired and revoked
 *       indicators and object types STIX does not define are invalid; other STIX objects are
 *       skipped and counted. {@code stix-bundle} also reads one STIX object alone and a JSON
 *       array of STIX objects.</li>
 *   <li>{@code taxii-collection}: one checkpoint at the end: the last page's
 *       {@code X-TAXII-Date-Added-Last} when the streams show their headers
 *       ({@link org.opencirt.feed.parse.ResponseHeaders}), else the latest {@code modified} of
 *       the objects read; at most 1000 pages a run.</li>
 * </ul>
 *
 * Plain Java without CDI; parsers are stateless and safe to share between threads.
 */
package org.opencirt.feed.parse;
