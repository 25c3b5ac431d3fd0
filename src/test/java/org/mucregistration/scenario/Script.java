package org.mucregistration.scenario;

import java.util.List;
import java.util.Optional;

/**
 * A parsed {@code .scs} script.
 *
 * @param name     file name used in messages ({@code muc_register.scs})
 * @param title    the first {@code #} line's text, or empty
 * @param clients  the {@code [Client]} blocks in order
 * @param steps    the actions after the separator, in order
 */
public record Script(String name, String title, List<ClientSpec> clients, List<Step> steps) {

    public Script {
        clients = List.copyOf(clients);
        steps = List.copyOf(steps);
    }

    public Optional<ClientSpec> client(String clientName) {
        return clients.stream().filter(c -> c.name().equals(clientName)).findFirst();
    }
}
