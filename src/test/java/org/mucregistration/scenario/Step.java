package org.mucregistration.scenario;

import java.util.List;

/**
 * One action of a script.
 *
 * @param number   1-based position among the script's steps
 * @param line     the script line of the action ({@code Romeo receives:})
 * @param client   the client's name
 * @param action   what it does
 * @param xml      the XML block exactly as written (variables not yet substituted), empty for
 *                 connects/disconnects/receives nothing
 * @param xmlLine  the script line the XML block starts on (0 if none)
 * @param stanzas  the block's top-level elements as written, in order (a block may hold several)
 */
public record Step(int number, int line, String client, Action action, String xml, int xmlLine, List<String> stanzas) {

    public enum Action {
        CONNECTS("connects"),
        DISCONNECTS("disconnects"),
        SENDS("sends:"),
        RECEIVES("receives:"),
        RECEIVES_NOTHING("receives: nothing");

        private final String text;

        Action(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public Step {
        stanzas = List.copyOf(stanzas);
    }

    /** {@code Romeo receives:} — how the step reads in the script. */
    public String title() {
        return client + " " + action.text();
    }
}
