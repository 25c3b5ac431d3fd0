package org.mucregistration.protocol;

import org.dom4j.Element;
import org.xmpp.forms.DataForm;
import org.xmpp.forms.FormField;

import java.util.List;

/**
 * The room registration form (XEP-0045 §7.10): exactly a hidden FORM_TYPE and a required nickname field, as Prosody
 * sends it; and the reading of a submitted form.
 */
public final class RegistrationForm {
    public static final String NICK_FIELD = "muc#register_roomnick";
    public static final String FORM_TYPE = "FORM_TYPE";

    private RegistrationForm() {
    }

    /** The blank form a user fills in to register. */
    public static DataForm blank() {
        final DataForm form = new DataForm(DataForm.Type.form);
        form.addField(FORM_TYPE, null, FormField.Type.hidden).addValue(Namespaces.MUC_REGISTER_FORM);
        form.addField(NICK_FIELD, "Nickname", FormField.Type.text_single).setRequired(true);
        return form;
    }

    /** What a submitted form asks for: a nickname, or why it cannot be read. */
    public sealed interface Submission {
        record Nick(Nickname nickname) implements Submission {
        }

        record Invalid(Refusal refusal) implements Submission {
        }
    }

    /** Reads a submitted registration form from a {@code <query xmlns='jabber:iq:register'>}. */
    public static Submission read(Element query) {
        final List<Element> forms = query.elements(org.dom4j.QName.get("x", Namespaces.DATA_FORMS));
        if (forms.size() != 1) {
            return invalid(forms.isEmpty() ? "A registration form is required" : "Only one registration form is allowed");
        }
        final Element formElement = forms.get(0);
        // The attribute itself: Tinder's DataForm.getType() throws on a type it does not know ('bogus').
        if (!"submit".equals(formElement.attributeValue("type"))) {
            return invalid("The registration form must be of type 'submit'");
        }
        final String formType = singleValue(formElement, FORM_TYPE);
        if (!Namespaces.MUC_REGISTER_FORM.equals(formType)) {
            return invalid("FORM_TYPE must be " + Namespaces.MUC_REGISTER_FORM);
        }
        final String nick = singleValue(formElement, NICK_FIELD);
        if (nick == null || nick.isBlank()) {
            return invalid("A nickname is required");
        }
        return Nickname.parse(nick)
            .<Submission>map(Submission.Nick::new)
            .orElseGet(() -> invalid("This nickname is not allowed"));
    }

    /**
     * The one value of the one field with this name, exactly as sent; null when absent, repeated or multi-valued.
     * (Tinder's {@code FormField.getValues()} normalises whitespace, which would turn a tab into a space.)
     */
    private static String singleValue(Element form, String var) {
        String found = null;
        int count = 0;
        for (Element field : form.elements(org.dom4j.QName.get("field", Namespaces.DATA_FORMS))) {
            if (var.equals(field.attributeValue("var"))) {
                count++;
                final List<Element> values = field.elements(org.dom4j.QName.get("value", Namespaces.DATA_FORMS));
                found = values.size() == 1 ? values.get(0).getText() : null;
            }
        }
        return count == 1 ? found : null;
    }

    private static Submission invalid(String text) {
        return new Submission.Invalid(Refusal.badRequest(text));
    }
}
