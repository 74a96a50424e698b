package org.opencirt.tenant.constituency.registry;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.format.util.AssociativeAddressTrie.AssociativeTrieNode;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressAssociativeTrie;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressAssociativeTrie;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which network an address falls into: a longest-prefix match from CIDR networks to a value (an organisation,
 * a constituency entry), built once and queried many times, on the ipaddress library's associative tries.
 * A lookup walks at most one trie path (32 or 128 bits), whatever the number of networks.
 *
 * <p>Built with {@link #builder()} or {@link #of(Collection)}; once built it is never changed.
 *
 * @param <T> what a network maps to
 */
public final class PrefixDirectory<T> {

    private final IPv4AddressAssociativeTrie<T> v4;
    private final IPv6AddressAssociativeTrie<T> v6;
    private final int size;

    private PrefixDirectory(IPv4AddressAssociativeTrie<T> v4, IPv6AddressAssociativeTrie<T> v6) {
        this.v4 = v4;
        this.v6 = v6;
        this.size = v4.size() + v6.size();
    }

    /** A builder: add the networks, then {@link Builder#build()}. */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** The networks of registry organisations, each mapped to its organisation (a network listed twice: the later one). */
    public static PrefixDirectory<RegistryOrganisation> of(Collection<RegistryOrganisation> organisations) {
        var builder = PrefixDirectory.<RegistryOrganisation>builder();
        for (var organisation : organisations) {
            for (var network : organisation.networks()) {
                builder.add(network, organisation);
            }
        }
        return builder.build();
    }

    /** Collects networks; not for use after {@link #build()}. */
    public static final class Builder<T> {
        private IPv4AddressAssociativeTrie<T> v4 = new IPv4AddressAssociativeTrie<>();
        private IPv6AddressAssociativeTrie<T> v6 = new IPv6AddressAssociativeTrie<>();

        private Builder() {}

        /**
         * Maps a network ({@code 192.0.2.0/24}, {@code 2001:db8::/32}; a single address is a /32 or /128) to a
         * value; host bits are ignored. The same network added again maps to the later value.
         *
         * @throws IllegalArgumentException when it is not an IPv4 or IPv6 network
         */
        public Builder<T> add(String network, T value) {
            Objects.requireNonNull(value, "value");
            if (v4 == null) {
                throw new IllegalStateException("this directory is built already");
            }
            var address = network == null ? null : new IPAddressString(network.trim()).getAddress();
            if (address == null || (address.isMultiple() && address.getNetworkPrefixLength() == null)) {
                throw new IllegalArgumentException("not an IPv4 or IPv6 network in CIDR notation");
            }
            var block = address.getNetworkPrefixLength() == null ? address : address.toPrefixBlock();
            if (block.isIPv4()) {
                v4.put(block.toIPv4(), value);
            } else {
                v6.put(block.toIPv6().removeZone(), value);
            }
            return this;
        }

        /** The directory of the networks added. */
        public PrefixDirectory<T> build() {
            if (v4 == null) {
                throw new IllegalStateException("this directory is built already");
            }
            var directory = new PrefixDirectory<>(v4, v6);
            v4 = null;
            v6 = null;
            return directory;
        }
    }

    /** How many networks it holds. */
    public int size() {
        return size;
    }

    /**
     * The value of the most specific network containing an address (IPv4 or IPv6; an IPv4-mapped IPv6 address
     * such as {@code ::ffff:192.0.2.1} is looked up as IPv4), or of a network containing all of a CIDR block.
     * Empty when none contains it or it is not an address.
     */
    public Optional<T> find(String address) {
        var key = key(address);
        if (key == null) {
            return Optional.empty();
        }
        AssociativeTrieNode<? extends IPAddress, T> node =
                key.isIPv4() ? v4.longestPrefixMatchNode(key.toIPv4()) : v6.longestPrefixMatchNode(key.toIPv6());
        return node == null ? Optional.empty() : Optional.of(node.getValue());
    }

    /** The values of every network containing the address, the most specific first; empty as {@link #find}. */
    public List<T> findAll(String address) {
        var key = key(address);
        if (key == null) {
            return List.of();
        }
        var containing = key.isIPv4() ? v4.elementsContaining(key.toIPv4()) : v6.elementsContaining(key.toIPv6());
        var nodes = new ArrayList<AssociativeTrieNode<? extends IPAddress, T>>();
        if (containing != null) {
            containing.nodeIterator(true).forEachRemaining(nodes::add);
        }
        nodes.sort(Comparator.comparingInt((AssociativeTrieNode<? extends IPAddress, T> n) -> length(n.getKey()))
                .reversed());
        return nodes.stream().map(AssociativeTrieNode::getValue).toList();
    }

    private static int length(IPAddress network) {
        var prefix = network.getNetworkPrefixLength();
        return prefix == null ? network.getBitCount() : prefix;
    }

    /** The address or block to look up, as IPv4 when it is IPv4-mapped, or null when not one. */
    private static IPAddress key(String text) {
        var address = text == null ? null : new IPAddressString(text.trim()).getAddress();
        if (address == null) {
            return null;
        }
        if (address.getNetworkPrefixLength() != null) {
            address = address.toPrefixBlock();
        } else if (address.isMultiple()) {
            return null;
        }
        if (address.isIPv6()) {
            IPv6Address v6 = address.toIPv6().removeZone();
            if (v6.isIPv4Mapped() && address.getNetworkPrefixLength() == null) {
                IPv4Address v4 = v6.getEmbeddedIPv4Address();
                return v4;
            }
            return v6;
        }
        return address;
    }
}
