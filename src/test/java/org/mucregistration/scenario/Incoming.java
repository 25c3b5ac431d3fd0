package org.mucregistration.scenario;

import org.dom4j.Element;

/** What a client's receive queue holds: stanzas as they came off the wire, and the end of the stream. */
sealed interface Incoming {

    /**
     * A stanza ({@code <message/>}, {@code <presence/>} or {@code <iq/>}) exactly as received.
     *
     * @param raw      the stanza's characters as they arrived (after UTF-8 decoding)
     * @param element  the same, parsed namespace-aware in the context of its stream header
     *                 ({@code null} if it was not well-formed; then {@code parseError} says why)
     */
    record Stanza(String raw, Element element, String parseError) implements Incoming {
    }

    /** The stream is over: closed by the server, a stream error, or the connection was lost. */
    record StreamEnd(String reason) implements Incoming {
    }
}
