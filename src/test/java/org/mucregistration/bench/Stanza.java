package org.mucregistration.bench;

/**
 * Reads the few things the load generator needs from a stanza's text, without an XML parser: the element name and
 * the attributes of its start tag, whether it carries a MUC status code, its body. Works on what a server serialises
 * (either quote style, attribute values escaped); not a general XML reader.
 */
public final class Stanza {

    private Stanza() {
    }

    /** The stanza's element name ({@code message}, {@code presence}, {@code iq}, ...), with any prefix. */
    public static String name(String xml) {
        int end = 1;
        while (end < xml.length()) {
            final char c = xml.charAt(end);
            if (c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r') {
                break;
            }
            end++;
        }
        return xml.substring(1, end);
    }

    /** The value of an attribute of the stanza's own start tag (not of its children), unescaped; null if absent. */
    public static String attribute(String xml, String name) {
        final int tagEnd = startTagEnd(xml);
        int from = 0;
        while (true) {
            final int at = xml.indexOf(name, from);
            if (at < 0 || at >= tagEnd) {
                return null;
            }
            final char before = xml.charAt(at - 1);
            final int eq = at + name.length();
            if ((before == ' ' || before == '\t' || before == '\n' || before == '\r') && eq + 1 < tagEnd
                && xml.charAt(eq) == '=') {
                final char quote = xml.charAt(eq + 1);
                final int close = xml.indexOf(quote, eq + 2);
                if (close < 0) {
                    return null;
                }
                return unescape(xml.substring(eq + 2, close));
            }
            from = at + name.length();
        }
    }

    /** Whether the stanza carries {@code <status code='CODE'/>} (MUC status codes). */
    public static boolean hasStatus(String xml, int code) {
        return xml.contains("code=\"" + code + "\"") || xml.contains("code='" + code + "'");
    }

    /** The text of the first {@code <body>} element, unescaped; null if none. */
    public static String body(String xml) {
        int open = xml.indexOf("<body");
        while (open >= 0) {
            final char next = xml.charAt(open + 5);
            if (next == '>' || next == ' ' || next == '/') {
                break;
            }
            open = xml.indexOf("<body", open + 5);
        }
        if (open < 0) {
            return null;
        }
        final int textStart = xml.indexOf('>', open);
        if (textStart < 0 || xml.charAt(textStart - 1) == '/') {
            return textStart < 0 ? null : "";
        }
        final int close = xml.indexOf("</body>", textStart);
        return close < 0 ? null : unescape(xml.substring(textStart + 1, close));
    }

    /** The defined condition of an error stanza ({@code conflict}, {@code not-allowed}, ...), or null. */
    public static String errorCondition(String xml) {
        final int error = xml.indexOf("<error");
        if (error < 0) {
            return null;
        }
        final int ns = xml.indexOf("urn:ietf:params:xml:ns:xmpp-stanzas", error);
        if (ns < 0) {
            return "unknown";
        }
        final int open = xml.lastIndexOf('<', ns);
        return name(xml.substring(open));
    }

    private static int startTagEnd(String xml) {
        char quote = 0;
        for (int i = 1; i < xml.length(); i++) {
            final char c = xml.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i;
            }
        }
        return xml.length();
    }

    public static String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
            .replace("&amp;", "&");
    }

    /** Escapes text for an attribute value or element content. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
            .replace("'", "&apos;");
    }
}
