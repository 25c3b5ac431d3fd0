package org.mucregistration.scenario;

import java.util.ArrayList;
import java.util.List;

import org.dom4j.Attribute;
import org.dom4j.Element;

/**
 * Decides whether a received stanza matches an expected one, and if not, says why.
 *
 * <p>The rules (scansion's):
 * <ul>
 *   <li>A top-level stanza is matched <b>loosely</b>; so is any element in {@code jabber:client} (or no
 *       namespace) below a loosely matched parent: every expected attribute must be present with an equal value
 *       (extra received attributes ignored), every expected child must match a <i>distinct</i> received child in
 *       any order (extra received children ignored), and text is compared (trimmed) only if the expected element
 *       has non-blank text.</li>
 *   <li>An expected element that declares its own {@code xmlns} (other than {@code jabber:client}) is matched
 *       <b>strictly</b>, and so are its descendants: attributes equal in both directions, the same child elements
 *       in the same order, the same trimmed text. Descendants that merely inherit a namespace inherit the mode;
 *       {@code <message xmlns='jabber:client'>} inside a strict parent stays strict.</li>
 *   <li>{@code scansion:strict='true'|'false'} on an expected element sets the mode for it and its descendants,
 *       until a descendant's own namespace or own flag says otherwise.</li>
 *   <li>Element and attribute names are compared as resolved (namespace URI, local name) pairs. Namespace
 *       declarations are not attributes; {@code scansion:*} attributes are instructions, not attributes.</li>
 *   <li>An attribute value or text of exactly {@code {scansion:any}} matches any value.</li>
 * </ul>
 */
public final class StanzaMatcher {

    static final String ANY = "{scansion:any}";

    /** The verdict for one received stanza: matched, or the reason it did not. */
    public record Result(boolean matched, String reason) {
        static final Result MATCH = new Result(true, "");
    }

    private StanzaMatcher() {
    }

    public static Result match(Element expected, Element received) {
        String why = compare(expected, received, false, expected.getName());
        return why == null ? Result.MATCH : new Result(false, why);
    }

    /** Strict or loose for {@code expected}, given its parent's mode. */
    static boolean isStrict(Element expected, boolean parentStrict) {
        Attribute flag = expected.attribute(org.dom4j.QName.get("strict", "scansion", XmlFragments.SCANSION_NS));
        if (flag != null) {
            return Boolean.parseBoolean(flag.getValue());
        }
        String ns = expected.getNamespaceURI();
        boolean declaresOwnNamespace = expected.declaredNamespaces().stream()
                .anyMatch(d -> d.getPrefix().equals(expected.getNamespacePrefix()) && d.getURI().equals(ns));
        if (declaresOwnNamespace && !ns.isEmpty() && !ns.equals(XmlFragments.JABBER_CLIENT)) {
            return true;
        }
        return parentStrict;
    }

    /** {@code null} when {@code received} matches {@code expected}; otherwise the first reason it does not. */
    private static String compare(Element expected, Element received, boolean parentStrict, String path) {
        boolean strict = isStrict(expected, parentStrict);
        if (!expected.getName().equals(received.getName())
                || !expected.getNamespaceURI().equals(received.getNamespaceURI())) {
            return path + ": expected " + XmlFragments.describe(expected) + ", found " + XmlFragments.describe(received);
        }
        String where = path + (strict ? " (strict)" : "");
        for (Attribute a : expected.attributes()) {
            if (isScansion(a)) {
                continue;
            }
            Attribute r = attribute(received, a);
            String name = XmlFragments.attributeName(a);
            if (r == null) {
                return where + ": attribute " + name + " missing (expected '" + a.getValue() + "')";
            }
            if (!a.getValue().equals(ANY) && !a.getValue().equals(r.getValue())) {
                return where + ": attribute " + name + " is '" + r.getValue() + "', expected '" + a.getValue() + "'";
            }
        }
        if (strict) {
            for (Attribute r : received.attributes()) {
                if (!isScansion(r) && attribute(expected, r) == null) {
                    return where + ": unexpected attribute " + XmlFragments.attributeName(r) + "='" + r.getValue() + "'";
                }
            }
        }
        String expectedText = XmlFragments.ownText(expected).strip();
        if ((strict || !expectedText.isEmpty()) && !expectedText.equals(ANY)) {
            String receivedText = XmlFragments.ownText(received).strip();
            if (!expectedText.equals(receivedText)) {
                return where + ": text is '" + receivedText + "', expected '" + expectedText + "'";
            }
        }
        return strict ? compareChildrenStrictly(expected, received, path) : compareChildrenLoosely(expected, received, path);
    }

    private static String compareChildrenStrictly(Element expected, Element received, String path) {
        List<Element> exp = expected.elements();
        List<Element> rec = received.elements();
        int n = Math.min(exp.size(), rec.size());
        for (int i = 0; i < n; i++) {
            String why = compare(exp.get(i), rec.get(i), true, path + "/" + exp.get(i).getName());
            if (why != null) {
                return why + (exp.size() > 1 ? " (child " + (i + 1) + " of " + exp.size() + " in strict order)" : "");
            }
        }
        if (exp.size() != rec.size()) {
            return path + " (strict): has " + rec.size() + " child element(s) " + names(rec) + ", expected "
                    + exp.size() + " " + names(exp);
        }
        return null;
    }

    private static String compareChildrenLoosely(Element expected, Element received, String path) {
        List<Element> exp = expected.elements();
        List<Element> rec = received.elements();
        if (exp.isEmpty()) {
            return null;
        }
        boolean[][] fits = new boolean[exp.size()][rec.size()];
        for (int i = 0; i < exp.size(); i++) {
            boolean any = false;
            String closest = null;
            for (int j = 0; j < rec.size(); j++) {
                String why = compare(exp.get(i), rec.get(j), false, path + "/" + exp.get(i).getName());
                fits[i][j] = why == null;
                any |= fits[i][j];
                if (why != null && closest == null && sameName(exp.get(i), rec.get(j))) {
                    closest = why;
                }
            }
            if (!any) {
                return path + ": no received child matches expected " + XmlFragments.describe(exp.get(i))
                        + (closest != null ? " (closest: " + closest + ")" : " (received children: " + names(rec) + ")");
            }
        }
        if (!assign(fits, 0, new boolean[rec.size()])) {
            return path + ": expected children " + names(exp) + " cannot each match a different received child among "
                    + names(rec);
        }
        return null;
    }

    /** Backtracking search: can expected children i.. each take a distinct, not yet used, fitting received child? */
    private static boolean assign(boolean[][] fits, int i, boolean[] used) {
        if (i == fits.length) {
            return true;
        }
        for (int j = 0; j < used.length; j++) {
            if (fits[i][j] && !used[j]) {
                used[j] = true;
                if (assign(fits, i + 1, used)) {
                    return true;
                }
                used[j] = false;
            }
        }
        return false;
    }

    private static boolean isScansion(Attribute a) {
        return XmlFragments.SCANSION_NS.equals(a.getNamespaceURI());
    }

    private static Attribute attribute(Element e, Attribute like) {
        for (Attribute a : e.attributes()) {
            if (a.getName().equals(like.getName()) && a.getNamespaceURI().equals(like.getNamespaceURI())) {
                return a;
            }
        }
        return null;
    }

    private static boolean sameName(Element a, Element b) {
        return a.getName().equals(b.getName()) && a.getNamespaceURI().equals(b.getNamespaceURI());
    }

    private static String names(List<Element> elements) {
        List<String> out = new ArrayList<>();
        for (Element e : elements) {
            out.add(XmlFragments.describe(e));
        }
        return out.toString();
    }
}
