package org.opencirt.testing;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

/** The real SMTP server (GreenMail) the service sends to in tests, on OPENCIRT_TEST_SMTP_PORT as application.properties says. */
public final class Smtp {

    private Smtp() {}

    /**
     * One server for a whole test class. The service sends after a commit, off the request: a server
     * restarted between test methods could take a send of the previous test half-way and leave the
     * service's SMTP client waiting for its timeout, holding up the work queued behind it.
     */
    public static GreenMailExtension server() {
        var port = Integer.parseInt(System.getenv().getOrDefault("OPENCIRT_TEST_SMTP_PORT", "3025"));
        return new GreenMailExtension(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withPerMethodLifecycle(false);
    }
}
