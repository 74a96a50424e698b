package org.opencirt.common.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Answers from a table, records every question; never asks a real DNS server. */
public final class FakeResolver implements HostResolver {

    private final Map<String, List<InetAddress>> answers = new HashMap<>();
    public final List<String> asked = new CopyOnWriteArrayList<>();

    public FakeResolver answer(String host, String... addresses) {
        var list = new java.util.ArrayList<InetAddress>();
        for (var address : addresses) {
            list.add(literal(address));
        }
        answers.put(host, List.copyOf(list));
        return this;
    }

    public FakeResolver answer(String host, InetAddress... addresses) {
        answers.put(host, List.of(addresses));
        return this;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        asked.add(host);
        var answer = answers.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        return answer;
    }

    /** A literal address (no lookup: the JDK parses literals itself). */
    public static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
