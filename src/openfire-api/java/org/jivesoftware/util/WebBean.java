// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.util;

import javax.servlet.ServletContext;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import javax.servlet.jsp.JspWriter;

public abstract class WebBean {
    public WebBean() { throw new UnsupportedOperationException(); }
    public void init(HttpServletRequest request, HttpServletResponse response, HttpSession session, ServletContext app,
                     JspWriter out) { throw new UnsupportedOperationException(); }
}
