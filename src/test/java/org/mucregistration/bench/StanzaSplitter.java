package org.mucregistration.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts the bytes a server sends on an XMPP stream into top-level stanzas (the complete children of
 * {@code <stream:stream>}), without parsing them: the load generator only needs a few attributes of each, and a full
 * XML parser on the client would compete with the server for this machine's two cores.
 *
 * <p>Lexical only: tags (with quoted attribute values, so a {@code >} inside quotes does not end a tag), end tags,
 * empty-element tags, the XML declaration and other processing instructions. A new stream header at depth 1 (the
 * restart after SASL) replaces the root. Comments and CDATA sections are not expected from a server (XMPP forbids
 * comments; Openfire escapes text) and are not handled. Bytes may arrive in any chunks; a multi-byte UTF-8 character
 * cut between chunks is fine because stanzas are decoded only once complete.
 */
final class StanzaSplitter {

    /** Receives each complete stanza as text, and the end of the stream. */
    interface Listener {
        void stanza(String xml);

        default void streamClosed() {
        }
    }

    private static final byte[] STREAM_TAG = "stream:stream".getBytes(StandardCharsets.US_ASCII);

    private final Listener listener;
    private byte[] buffer = new byte[64 * 1024];
    /** Bytes in the buffer: [0, length). */
    private int length;
    /** Where scanning goes on. */
    private int position;
    /** Start of the stanza being read, or -1 between stanzas. */
    private int stanzaStart = -1;
    /** Inside a tag (between its '<' and '>'), its start, else -1. */
    private int tagStart = -1;
    /** The quote character inside a tag's attribute value, or 0. */
    private byte quote;
    /** Element depth: the stream root is 1, stanzas are at 2. */
    private int depth;

    StanzaSplitter(Listener listener) {
        this.listener = listener;
    }

    /** Feeds the next bytes of the stream. */
    void feed(byte[] bytes, int offset, int count) {
        if (length + count > buffer.length) {
            compact();
            if (length + count > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
            }
        }
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
        scan();
    }

    /** Current element depth (1 inside the stream root, 0 before it or after it closed). */
    int depth() {
        return depth;
    }

    private void scan() {
        final byte[] b = buffer;
        int i = position;
        while (i < length) {
            final byte c = b[i];
            if (tagStart < 0) {
                if (c == '<') {
                    tagStart = i;
                }
                i++;
                continue;
            }
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                i++;
                continue;
            }
            if ((c == '"' || c == '\'') && i > tagStart + 1 && b[tagStart + 1] != '?') {
                quote = c;
                i++;
                continue;
            }
            if (c != '>') {
                i++;
                continue;
            }
            endOfTag(tagStart, i);
            tagStart = -1;
            i++;
        }
        position = i;
        if (stanzaStart < 0 && tagStart < 0) {
            // Nothing pending: drop what was scanned.
            length = 0;
            position = 0;
        }
    }

    /** A tag spans [start, end] (end is its '>'). */
    private void endOfTag(int start, int end) {
        final byte second = start + 1 < length ? buffer[start + 1] : 0;
        if (second == '?' || second == '!') {
            return; // XML declaration, processing instruction, or a declaration we do not expect
        }
        if (second == '/') {
            depth--;
            if (depth == 1 && stanzaStart >= 0) {
                emit(stanzaStart, end);
            } else if (depth <= 0) {
                depth = 0;
                stanzaStart = -1;
                listener.streamClosed();
            }
            return;
        }
        final boolean empty = buffer[end - 1] == '/';
        if (depth <= 1 && isStreamHeader(start)) {
            depth = 1; // the stream opened, or restarted after SASL
            stanzaStart = -1;
            return;
        }
        if (depth == 1) {
            stanzaStart = start;
        }
        if (empty) {
            if (depth == 1) {
                emit(start, end);
            }
        } else {
            depth++;
        }
    }

    private boolean isStreamHeader(int start) {
        if (start + 1 + STREAM_TAG.length > length) {
            return false;
        }
        for (int k = 0; k < STREAM_TAG.length; k++) {
            if (buffer[start + 1 + k] != STREAM_TAG[k]) {
                return false;
            }
        }
        final int after = start + 1 + STREAM_TAG.length < length ? buffer[start + 1 + STREAM_TAG.length] : '>';
        return after == ' ' || after == '>' || after == '\n' || after == '\t' || after == '\r' || after == '/';
    }

    private void emit(int start, int end) {
        stanzaStart = -1;
        listener.stanza(new String(buffer, start, end + 1 - start, StandardCharsets.UTF_8));
    }

    /** Moves what is still needed (the stanza or tag being read) to the front of the buffer. */
    private void compact() {
        int keep = stanzaStart >= 0 ? stanzaStart : (tagStart >= 0 ? tagStart : position);
        if (keep == 0) {
            return;
        }
        System.arraycopy(buffer, keep, buffer, 0, length - keep);
        length -= keep;
        position -= keep;
        if (stanzaStart >= 0) {
            stanzaStart -= keep;
        }
        if (tagStart >= 0) {
            tagStart -= keep;
        }
    }
}
