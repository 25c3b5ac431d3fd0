package org.mucregistration.admin;

/** A MUC service in the page's service picker. */
public final class ServiceChoice {
    private final String name;
    private final String domain;
    private final boolean selected;

    ServiceChoice(String name, String domain, boolean selected) {
        this.name = name;
        this.domain = domain;
        this.selected = selected;
    }

    /** The service's subdomain, e.g. {@code conference}: what the page's forms send. */
    public String getName() {
        return name;
    }

    /** The service's address, e.g. {@code conference.example.org}: what the picker shows. */
    public String getDomain() {
        return domain;
    }

    public boolean isSelected() {
        return selected;
    }
}
