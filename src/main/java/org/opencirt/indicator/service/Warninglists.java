package org.opencirt.indicator.service;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencirt.observable.Observable;

/**
 * Known-benign values (private and documentation networks, public resolvers, popular and
 * reserved domains), from {@code threat-feeds/warninglists/*.txt}. An address or network inside
 * a listed network is benign; a domain is benign when it is a listed name or its {@code www.}.
 * URLs, hashes and the rest are never warninglisted: phishing lives on popular platforms too.
 */
@ApplicationScoped
public class Warninglists {

    private static final Logger LOG = Logger.getLogger(Warninglists.class);

    private record Lists(List<Entry<IPAddress>> networks, Map<String, String> domains) {}

    private record Entry<T>(T value, String list) {}

    private final String dir;
    private final List<String> disabled;
    private volatile Lists lists = new Lists(List.of(), Map.of());

    Warninglists(
            @ConfigProperty(name = "opencirt.warninglists.dir", defaultValue = "threat-feeds/warninglists") String dir,
            @ConfigProperty(name = "opencirt.warninglists.disabled") Optional<List<String>> disabled) {
        this.dir = dir;
        this.disabled = disabled.orElse(List.of());
    }

    void onStart(@Observes StartupEvent event) {
        lists = load(Path.of(dir), disabled);
        LOG.infof(
                "warninglists: %d networks, %d domains",
                lists.networks().size(), lists.domains().size());
    }

    /** The list that makes a value benign, if one does. */
    public Optional<String> listing(Observable observable) {
        return switch (observable.type()) {
            case IPV4, IPV6, CIDR -> network(observable.value());
            case DOMAIN -> domain(observable.value());
            default -> Optional.empty();
        };
    }

    private Optional<String> network(String value) {
        var address = new IPAddressString(value).getAddress();
        if (address == null) {
            return Optional.empty();
        }
        for (var entry : lists.networks()) {
            if (entry.value().getIPVersion() == address.getIPVersion()
                    && entry.value().contains(address)) {
                return Optional.of(entry.list());
            }
        }
        return Optional.empty();
    }

    private Optional<String> domain(String value) {
        var name = value.startsWith("www.") ? value.substring(4) : value;
        return Optional.ofNullable(lists.domains().get(name));
    }

    static Lists load(Path dir, List<String> disabled) {
        var networks = new ArrayList<Entry<IPAddress>>();
        var domains = new HashMap<String, String>();
        if (!Files.isDirectory(dir)) {
            LOG.warnf("warninglists folder %s does not exist", dir.toAbsolutePath());
            return new Lists(networks, domains);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (var file :
                    files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                var list = file.getFileName().toString().replaceFirst("\\.txt$", "");
                if (disabled.contains(list)) {
                    continue;
                }
                for (var line : Files.readAllLines(file)) {
                    var value = line.replaceFirst("#.*", "").strip();
                    if (value.isEmpty()) {
                        continue;
                    }
                    var address = new IPAddressString(value).getAddress();
                    if (address != null) {
                        networks.add(new Entry<>(address.toPrefixBlock(), list));
                    } else {
                        domains.put(value.toLowerCase(Locale.ROOT), list);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Lists(List.copyOf(networks), Map.copyOf(domains));
    }
}
