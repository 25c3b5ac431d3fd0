package org.mucregistration.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 8266 nicknames: one key for every form of a name, the display as given (enforced). */
class NicknameTest {

    @ParameterizedTest
    @ValueSource(strings = {"Juliet", "juliet", "JULIET", "Juliet ", " Juliet", "\uFF2Auliet"})
    void everyFormOfJulietHasTheSameKey(String raw) {
        final Nickname nick = Nickname.parse(raw).orElseThrow();
        assertEquals("juliet", nick.key());
        assertEquals(Nickname.keyOf("Juliet"), Nickname.keyOf(raw));
        assertTrue(Nickname.parse("Juliet").orElseThrow().sameAs(raw));
    }

    @Test
    void displayKeepsTheCaseAsGiven() {
        assertEquals("Juliet", Nickname.parse("Juliet").orElseThrow().display());
        assertEquals("juliet", Nickname.parse("juliet").orElseThrow().display());
        assertEquals("RoMeO", Nickname.parse("RoMeO").orElseThrow().display());
    }

    @Test
    void displayIsTheEnforcedForm() {
        assertEquals("Juliet", Nickname.parse("Juliet ").orElseThrow().display(), "trailing space trimmed");
        assertEquals("Juliet", Nickname.parse("\uFF2Auliet").orElseThrow().display(), "fullwidth mapped");
        assertEquals("Juliet Capulet", Nickname.parse("Juliet   Capulet").orElseThrow().display(), "spaces collapsed");
        assertEquals("Juliet Capulet", Nickname.parse("Juliet\u00A0Capulet").orElseThrow().display(),
            "non-ASCII space mapped");
    }

    @Test
    void differentNamesHaveDifferentKeys() {
        assertFalse(Nickname.parse("Juliet").orElseThrow().sameAs("Juliette"));
        assertFalse(Nickname.parse("Juliet").orElseThrow().sameAs("Romeo"));
    }

    @Test
    void rejectsNullEmptyAndBlank() {
        assertTrue(Nickname.parse(null).isEmpty());
        assertTrue(Nickname.parse("").isEmpty());
        assertTrue(Nickname.parse(" ").isEmpty());
        assertTrue(Nickname.parse("    ").isEmpty());
        assertTrue(Nickname.parse("\u00A0\u00A0").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Jul\u0007iet", "Jul\u0000iet", "Jul\niet", "Jul\tiet", "Juliet\u007F", "Jul\u0085iet",
        "Jul\u200Biet", "Jul\u202Eiet"})
    void rejectsControlAndInvisibleCharacters(String raw) {
        assertTrue(Nickname.parse(raw).isEmpty(), () -> "accepted " + raw.codePoints().boxed().toList());
        assertNull(Nickname.keyOf(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Juliet\u0000", "\u001BJuliet", "\tJuliet", "Juliet\n", "\u0007Juliet"})
    void rejectsControlCharactersAtEitherEnd(String raw) {
        assertTrue(Nickname.parse(raw).isEmpty(), () -> "accepted " + raw.codePoints().boxed().toList());
    }

    @Test
    void lengthLimit() {
        assertTrue(Nickname.parse("a".repeat(Nickname.MAX_LENGTH)).isPresent());
        assertTrue(Nickname.parse("a".repeat(Nickname.MAX_LENGTH + 1)).isEmpty());
        assertTrue(Nickname.parse("a".repeat(10_000)).isEmpty());
    }

    @Test
    void sameAsAnInvalidNicknameIsFalse() {
        assertFalse(Nickname.parse("Juliet").orElseThrow().sameAs("Jul\u0007iet"));
        assertFalse(Nickname.parse("Juliet").orElseThrow().sameAs(null));
    }

    /** Emoji came after Unicode 3.2: Resourceprep refuses them, so no occupant could ever use such a nickname. */
    @ParameterizedTest
    @ValueSource(strings = {"\uD83D\uDE00", "Juliet \uD83D\uDE00", "\u2764\uFE0F"})
    void rejectsNicknamesNoAddressCanCarry(String raw) {
        assertTrue(Nickname.parse(raw).isEmpty(), () -> "accepted " + raw.codePoints().boxed().toList());
    }

    /**
     * Whether a nickname is accepted is the server's address preparation's call, not a list of the plugin's own: with
     * the libidn Openfire ships here (1.15), Resourceprep refuses every character outside the Basic Multilingual Plane,
     * even ones Unicode 3.2 has (CJK Extension B, musical symbols), which PRECIS alone would take.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\uD840\uDC00\uD840\uDC01", "\uD834\uDD1E", "Juliet", "Ĵüłíëť Çåpûłéţ 日本語"})
    void acceptedExactlyWhenTheAddressPreparationAcceptsIt(String raw) {
        boolean addressable;
        try {
            addressable = raw.equals(org.xmpp.packet.JID.resourceprep(raw));
        } catch (IllegalArgumentException e) {
            addressable = false;
        }
        assertEquals(addressable, Nickname.parse(raw).isPresent(), () -> raw.codePoints().boxed().toList().toString());
    }
}
