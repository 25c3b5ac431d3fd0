package org.mucregistration.admin;

/** One entry of the page navigation: a page number (current or not), or a gap ({@code ...}) between numbers. */
public final class PageLink {
    private final int page;
    private final boolean current;

    private PageLink(int page, boolean current) {
        this.page = page;
        this.current = current;
    }

    static PageLink page(int page, boolean current) {
        return new PageLink(page, current);
    }

    static PageLink gap() {
        return new PageLink(0, false);
    }

    /** The 1-based page number; 0 for a gap. */
    public int getPage() {
        return page;
    }

    public boolean isCurrent() {
        return current;
    }

    public boolean isGap() {
        return page == 0;
    }

    @Override
    public String toString() {
        return isGap() ? "..." : current ? "[" + page + "]" : Integer.toString(page);
    }
}
