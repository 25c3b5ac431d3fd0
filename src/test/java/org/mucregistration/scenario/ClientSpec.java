package org.mucregistration.scenario;

/**
 * A {@code [Client]} block: who logs in, and optionally where to.
 *
 * @param name         the name steps use ({@code Romeo}, {@code Juliet's phone})
 * @param bareJid      {@code user@domain}, the value of {@code ${Name's JID}}
 * @param password     the SASL password
 * @param resource     the resource to bind, or {@code null} for a random {@code scansion-XXXXXXXX}
 * @param connectHost  {@code connect_host:}, or {@code null} for the runner's default
 * @param connectPort  {@code connect_port:}, or {@code null} for the runner's default
 * @param line         the script line of the {@code [Client]} header
 */
public record ClientSpec(String name, String bareJid, String password, String resource,
                         String connectHost, Integer connectPort, int line) {

    public String localpart() {
        int at = bareJid.indexOf('@');
        return at < 0 ? "" : bareJid.substring(0, at);
    }

    public String domain() {
        return bareJid.substring(bareJid.indexOf('@') + 1);
    }
}
