package org.mucregistration.scenario;

/**
 * Finds where top-level XML elements begin and end in a stream of characters, without parsing them.
 *
 * <p>It only tracks markup lexically (tags with quoted attribute values, comments, CDATA sections,
 * processing instructions), so it can be fed arbitrary chunks as they come off a socket. Two modes:
 * <ul>
 *   <li>{@link #forXmppStream}: the first start tag is the stream root; every complete child of the root
 *       is handed to {@link Listener#element}. A new stream header at depth 1 (the restart after SASL
 *       success) replaces the root; the root's end tag is reported as {@link Listener#streamClosed}.</li>
 *   <li>{@link #forFragment}: there is no root; every complete element at depth 0 is an element
 *       (a script's XML block). Text between elements is reported so the caller can reject it.</li>
 * </ul>
 * Namespaces and well-formedness are left to a real XML parser applied to each element's text.
 */
final class XmlSplitter {

    /** Receives what the splitter finds. */
    interface Listener {
        default void streamOpened(String startTag) { }

        void element(String xml);

        default void streamClosed() { }

        /** Non-markup characters outside any element (fragment mode) or directly under the root (stream mode). */
        default void topLevelText(String text) { }
    }

    private enum State { TEXT, MARKUP, COMMENT, CDATA, PI, DECL }

    private final boolean streamMode;
    private final Listener listener;

    private State state = State.TEXT;
    private final StringBuilder markup = new StringBuilder();
    private char quote;
    private final StringBuilder element = new StringBuilder();
    private final StringBuilder text = new StringBuilder();
    /** Element depth; in stream mode the root counts as 1. */
    private int depth;
    private String rootName;

    private XmlSplitter(boolean streamMode, Listener listener) {
        this.streamMode = streamMode;
        this.listener = listener;
    }

    static XmlSplitter forXmppStream(Listener listener) {
        return new XmlSplitter(true, listener);
    }

    static XmlSplitter forFragment(Listener listener) {
        return new XmlSplitter(false, listener);
    }

    /** Depth of open elements (stream mode includes the root). */
    int depth() {
        return depth;
    }

    /** True when no tag, comment, CDATA section or element is open: the input so far is complete. */
    boolean atTopLevel() {
        return state == State.TEXT && depth == (streamMode && rootName != null ? 1 : 0);
    }

    void feed(CharSequence chars) {
        for (int i = 0; i < chars.length(); i++) {
            feed(chars.charAt(i));
        }
        flushText();
    }

    private int topDepth() {
        return streamMode ? 1 : 0;
    }

    private boolean collecting() {
        return depth > topDepth();
    }

    private void feed(char c) {
        switch (state) {
            case TEXT -> {
                if (c == '<') {
                    flushText();
                    state = State.MARKUP;
                    markup.setLength(0);
                    markup.append(c);
                    quote = 0;
                } else if (collecting()) {
                    element.append(c);
                } else {
                    text.append(c);
                }
            }
            case MARKUP -> {
                markup.append(c);
                if (markup.length() == 2 && c == '?') {
                    state = State.PI;
                } else if (markup.length() == 4 && markup.toString().equals("<!--")) {
                    state = State.COMMENT;
                } else if (markup.length() == 9 && markup.toString().equals("<![CDATA[")) {
                    state = State.CDATA;
                } else if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    state = State.TEXT;
                    if (markup.charAt(1) == '!') {
                        otherMarkup(); // <!DOCTYPE ...> and the like: passed through untouched
                    } else {
                        tag(markup.toString());
                    }
                }
            }
            case COMMENT -> {
                markup.append(c);
                if (c == '>' && endsWith("-->")) {
                    state = State.TEXT;
                    otherMarkup();
                }
            }
            case CDATA -> {
                markup.append(c);
                if (c == '>' && endsWith("]]>")) {
                    state = State.TEXT;
                    if (collecting()) {
                        element.append(markup);
                    } else {
                        text.append(markup);
                    }
                }
            }
            case PI -> {
                markup.append(c);
                if (c == '>' && endsWith("?>")) {
                    state = State.TEXT;
                    otherMarkup();
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private boolean endsWith(String s) {
        int n = markup.length();
        return n >= s.length() && markup.substring(n - s.length()).equals(s);
    }

    private void otherMarkup() {
        if (collecting()) {
            element.append(markup);
        }
    }

    private void tag(String tag) {
        boolean end = tag.startsWith("</");
        boolean empty = !end && tag.endsWith("/>");
        String name = tagName(tag);
        if (streamMode && depth == 0) {
            if (!end) {
                rootName = name;
                depth = 1;
                listener.streamOpened(tag);
            }
            return;
        }
        if (streamMode && depth == 1) {
            if (end) {
                depth = 0;
                listener.streamClosed();
                return;
            }
            if (!empty && name.equals(rootName)) { // stream restart (after STARTTLS or SASL success)
                listener.streamOpened(tag);
                return;
            }
        }
        if (end) {
            element.append(tag);
            depth--;
            if (depth == topDepth()) {
                emit();
            } else if (depth < topDepth()) { // stray end tag in a fragment: let the XML parser report it
                depth = topDepth();
                listener.topLevelText(tag);
            }
        } else if (empty) {
            element.append(tag);
            if (depth == topDepth()) {
                emit();
            }
        } else {
            element.append(tag);
            depth++;
        }
    }

    private void emit() {
        String xml = element.toString();
        element.setLength(0);
        listener.element(xml);
    }

    private void flushText() {
        if (text.length() > 0) {
            String t = text.toString();
            text.setLength(0);
            listener.topLevelText(t);
        }
    }

    static String tagName(String tag) {
        int start = tag.startsWith("</") ? 2 : 1;
        int end = start;
        while (end < tag.length()) {
            char ch = tag.charAt(end);
            if (Character.isWhitespace(ch) || ch == '>' || ch == '/') {
                break;
            }
            end++;
        }
        return tag.substring(start, end);
    }
}
