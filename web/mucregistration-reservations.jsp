<%@ page contentType="text/html; charset=UTF-8" %>
<%--
  Reserved room nicknames (XEP-0045 room registration) of a MUC service: list, search, add, change, remove.
  All logic is in org.mucregistration.admin (ReservationsRequest, ReservationsPage); this page only renders the
  ReservationsView it gets. Every value shown goes through c:out or fn:escapeXml; every message through the plugin's
  i18n bundle (i18n/mucregistration_i18n.properties), formatted first and escaped as a whole.
--%>
<%@ page import="org.mucregistration.admin.ReservationsRequest,
                 org.mucregistration.admin.ReservationsView" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/core" prefix="c" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/fmt" prefix="fmt" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/functions" prefix="fn" %>
<jsp:useBean id="webManager" class="org.jivesoftware.util.WebManager" />
<%
    webManager.init(request, response, session, application, out);
    final ReservationsView view = ReservationsRequest.handle(request, response, webManager);
    if (view == null) {
        return; // answered with a redirect
    }
    pageContext.setAttribute("view", view);
    pageContext.setAttribute("listing", view.getListing());
%>
<c:set var="images" value="${pageContext.request.contextPath}/images"/>
<html>
<head>
    <title><fmt:message key="mucregistration.reservations.title"/></title>
    <meta name="pageID" content="mucregistration-reservations"/>
</head>
<body>

<p><fmt:message key="mucregistration.reservations.intro"/></p>

<c:forEach var="message" items="${view.messages}">
    <fmt:message key="${message.key}" var="text"><c:forEach var="arg" items="${message.args}"><fmt:param value="${arg}"/></c:forEach></fmt:message>
    <div class="jive-${message.type} mucregistration-message" data-key="${fn:escapeXml(message.key)}">
        <table>
            <tbody>
            <tr>
                <td class="jive-icon"><img src="${fn:escapeXml(images)}/${message.type}-16x16.gif" alt=""/></td>
                <td class="jive-icon-label"><c:out value="${text}"/></td>
            </tr>
            </tbody>
        </table>
    </div>
    <br/>
</c:forEach>

<c:if test="${not empty view.clusterNodes}">
<div class="jive-contentBoxHeader"><fmt:message key="mucregistration.reservations.cluster.title"/></div>
<div class="jive-contentBox">
    <p><fmt:message key="mucregistration.reservations.cluster.intro"/></p>
    <table class="jive-table" id="mucregistration-cluster" cellpadding="3" cellspacing="0">
        <thead>
        <tr>
            <th><fmt:message key="mucregistration.reservations.cluster.host"/></th>
            <th><fmt:message key="mucregistration.reservations.cluster.id"/></th>
            <th><fmt:message key="mucregistration.reservations.cluster.plugin"/></th>
        </tr>
        </thead>
        <tbody>
        <c:forEach var="node" items="${view.clusterNodes}">
        <tr class="mucregistration-node">
            <td class="mucregistration-node-host"><c:out value="${node.hostName}"/><c:if test="${node.local}"> <fmt:message key="mucregistration.reservations.cluster.this-node"/></c:if></td>
            <td class="mucregistration-node-id"><c:out value="${node.nodeId}"/></td>
            <td class="mucregistration-node-plugin"><c:choose>
                <c:when test="${not node.answered}"><fmt:message key="mucregistration.reservations.cluster.unknown"/></c:when>
                <c:when test="${empty node.pluginVersion}"><fmt:message key="mucregistration.reservations.cluster.absent"/></c:when>
                <c:otherwise><fmt:message key="mucregistration.reservations.cluster.running" var="running"><fmt:param value="${node.pluginVersion}"/></fmt:message><c:out value="${running}"/></c:otherwise>
            </c:choose></td>
        </tr>
        </c:forEach>
        </tbody>
    </table>
</div>
<br/>
</c:if>

<c:if test="${view.available and not empty listing.service}">


<datalist id="mucregistration-rooms">
    <c:forEach var="name" items="${listing.roomNames}"><option value="${fn:escapeXml(name)}"></option></c:forEach>
</datalist>

<c:if test="${not empty view.edit}">
<form action="mucregistration-reservations.jsp" method="post" id="mucregistration-edit">
    <input type="hidden" name="csrf" value="${fn:escapeXml(view.csrf)}"/>
    <input type="hidden" name="action" value="edit"/>
    <input type="hidden" name="service" value="${fn:escapeXml(listing.service)}"/>
    <input type="hidden" name="room" value="${fn:escapeXml(listing.room)}"/>
    <input type="hidden" name="q" value="${fn:escapeXml(listing.query)}"/>
    <input type="hidden" name="page" value="${listing.page}"/>
    <input type="hidden" name="size" value="${listing.pageSize}"/>
    <input type="hidden" name="targetRoom" value="${fn:escapeXml(view.edit.room)}"/>
    <input type="hidden" name="jid" value="${fn:escapeXml(view.edit.jid)}"/>
    <div class="jive-contentBoxHeader"><fmt:message key="mucregistration.reservations.edit.title"/></div>
    <div class="jive-contentBox">
        <table>
            <tbody>
            <tr>
                <td style="width: 1%; white-space: nowrap"><fmt:message key="mucregistration.reservations.field.room"/>:</td>
                <td><c:out value="${view.edit.room}"/>@<c:out value="${listing.serviceDomain}"/></td>
            </tr>
            <tr>
                <td style="width: 1%; white-space: nowrap"><fmt:message key="mucregistration.reservations.field.jid"/>:</td>
                <td><c:out value="${view.edit.jid}"/></td>
            </tr>
            <tr>
                <td style="width: 1%; white-space: nowrap"><label for="mucregistration-edit-nick"><fmt:message key="mucregistration.reservations.field.nick"/>:</label> *</td>
                <td><input type="text" name="nick" id="mucregistration-edit-nick" size="30" maxlength="1023" value="${fn:escapeXml(view.edit.nick)}"/></td>
            </tr>
            </tbody>
        </table>
        <p>
            <input type="submit" id="mucregistration-edit-save" value="<fmt:message key="mucregistration.reservations.edit.save"/>"/>
            <c:url var="cancelUrl" value="mucregistration-reservations.jsp">
                <c:param name="service" value="${listing.service}"/>
                <c:param name="room" value="${listing.room}"/>
                <c:param name="q" value="${listing.query}"/>
                <c:param name="page" value="${listing.page}"/>
                <c:param name="size" value="${listing.pageSize}"/>
            </c:url>
            <a href="${fn:escapeXml(cancelUrl)}"><fmt:message key="mucregistration.reservations.edit.cancel"/></a>
        </p>
    </div>
</form>
<br/>
</c:if>

<form action="mucregistration-reservations.jsp" method="get" id="mucregistration-search">
    <div class="jive-contentBoxHeader"><fmt:message key="mucregistration.reservations.search.title"/></div>
    <div class="jive-contentBox">
        <table>
            <tbody>
            <tr>
                <td style="width: 1%; white-space: nowrap"><label for="mucregistration-service"><fmt:message key="mucregistration.reservations.field.service"/>:</label></td>
                <td>
                    <select name="service" id="mucregistration-service">
                        <c:forEach var="choice" items="${listing.services}">
                            <option value="${fn:escapeXml(choice.name)}"${choice.selected ? ' selected' : ''}><c:out value="${choice.domain}"/></option>
                        </c:forEach>
                    </select>
                </td>
            </tr>
            <tr>
                <td style="width: 1%; white-space: nowrap"><label for="mucregistration-room"><fmt:message key="mucregistration.reservations.field.room"/>:</label></td>
                <td>
                    <input type="text" name="room" id="mucregistration-room" size="30" maxlength="1023" list="mucregistration-rooms" value="${fn:escapeXml(listing.room)}"/>
                    <fmt:message key="mucregistration.reservations.search.room.hint"/>
                    <c:if test="${listing.roomNamesTruncated}">
                        <fmt:message key="mucregistration.reservations.search.room.truncated" var="text"><fmt:param value="${fn:length(listing.roomNames)}"/></fmt:message>
                        <c:out value="${text}"/>
                    </c:if>
                </td>
            </tr>
            <tr>
                <td style="width: 1%; white-space: nowrap"><label for="mucregistration-q"><fmt:message key="mucregistration.reservations.field.search"/>:</label></td>
                <td>
                    <input type="text" name="q" id="mucregistration-q" size="30" maxlength="1023" value="${fn:escapeXml(listing.query)}"/>
                    <fmt:message key="mucregistration.reservations.search.q.hint"/>
                </td>
            </tr>
            <tr>
                <td style="width: 1%; white-space: nowrap"><label for="mucregistration-size"><fmt:message key="mucregistration.reservations.field.size"/>:</label></td>
                <td>
                    <select name="size" id="mucregistration-size">
                        <c:forEach var="size" items="${listing.pageSizes}">
                            <option value="${size}"${size == listing.pageSize ? ' selected' : ''}>${size}</option>
                        </c:forEach>
                    </select>
                </td>
            </tr>
            </tbody>
        </table>
        <p><input type="submit" id="mucregistration-search-submit" value="<fmt:message key="mucregistration.reservations.search.submit"/>"/></p>
    </div>
</form>
<br/>

<p id="mucregistration-summary">
    <fmt:message key="mucregistration.reservations.list.total" var="text"><fmt:param value="${listing.total}"/><fmt:param value="${listing.serviceDomain}"/></fmt:message>
    <c:out value="${text}"/>
    <c:if test="${listing.total > 0}">
        <fmt:message key="mucregistration.reservations.list.showing" var="text"><fmt:param value="${listing.first}"/><fmt:param value="${listing.last}"/></fmt:message>
        <c:out value="${text}"/>
    </c:if>
</p>

<c:if test="${listing.pageCount > 1}">
<p class="mucregistration-pages">
    <c:if test="${listing.previousPage > 0}">
        <c:url var="previousUrl" value="mucregistration-reservations.jsp">
            <c:param name="service" value="${listing.service}"/>
            <c:param name="room" value="${listing.room}"/>
            <c:param name="q" value="${listing.query}"/>
            <c:param name="page" value="${listing.previousPage}"/>
            <c:param name="size" value="${listing.pageSize}"/>
        </c:url>
        <a href="${fn:escapeXml(previousUrl)}" id="mucregistration-previous"><fmt:message key="mucregistration.reservations.list.previous"/></a>
    </c:if>
    <fmt:message key="mucregistration.reservations.list.pages"/>: [
    <c:forEach var="link" items="${listing.pageLinks}">
        <c:choose>
            <c:when test="${link.gap}">&hellip;</c:when>
            <c:when test="${link.current}"><span class="jive-current"><strong>${link.page}</strong></span></c:when>
            <c:otherwise>
                <c:url var="pageUrl" value="mucregistration-reservations.jsp">
                    <c:param name="service" value="${listing.service}"/>
                    <c:param name="room" value="${listing.room}"/>
                    <c:param name="q" value="${listing.query}"/>
                    <c:param name="page" value="${link.page}"/>
                    <c:param name="size" value="${listing.pageSize}"/>
                </c:url>
                <a href="${fn:escapeXml(pageUrl)}" class="mucregistration-page">${link.page}</a>
            </c:otherwise>
        </c:choose>
    </c:forEach>
    ]
    <c:if test="${listing.nextPage > 0}">
        <c:url var="nextUrl" value="mucregistration-reservations.jsp">
            <c:param name="service" value="${listing.service}"/>
            <c:param name="room" value="${listing.room}"/>
            <c:param name="q" value="${listing.query}"/>
            <c:param name="page" value="${listing.nextPage}"/>
            <c:param name="size" value="${listing.pageSize}"/>
        </c:url>
        <a href="${fn:escapeXml(nextUrl)}" id="mucregistration-next"><fmt:message key="mucregistration.reservations.list.next"/></a>
    </c:if>
</p>
</c:if>

<div class="jive-table">
<table id="mucregistration-reservations">
    <thead>
    <tr>
        <th>&nbsp;</th>
        <th nowrap><fmt:message key="mucregistration.reservations.column.room"/></th>
        <th nowrap><fmt:message key="mucregistration.reservations.column.jid"/></th>
        <th nowrap><fmt:message key="mucregistration.reservations.column.nick"/></th>
        <th nowrap><fmt:message key="mucregistration.reservations.column.affiliation"/></th>
        <th nowrap><fmt:message key="mucregistration.reservations.column.in-room"/></th>
        <th nowrap><fmt:message key="mucregistration.reservations.column.edit"/></th>
        <th nowrap><fmt:message key="mucregistration.reservations.column.remove"/></th>
    </tr>
    </thead>
    <tbody>
    <c:if test="${empty listing.rows}">
    <tr>
        <td colspan="8" style="text-align: center"><fmt:message key="mucregistration.reservations.list.empty"/></td>
    </tr>
    </c:if>
    <c:forEach var="row" items="${listing.rows}" varStatus="status">
    <tr class="mucregistration-row" data-jid="${fn:escapeXml(row.jid)}" data-room="${fn:escapeXml(row.room)}">
        <td style="width: 1%">${listing.first + status.index}</td>
        <td class="mucregistration-room"><c:out value="${row.roomJid}"/></td>
        <td class="mucregistration-jid"><c:out value="${row.jid}"/></td>
        <td class="mucregistration-nick"><c:out value="${row.nickname}"/></td>
        <td class="mucregistration-affiliation">
            <c:choose>
                <c:when test="${not row.roomExists}"><fmt:message key="mucregistration.reservations.affiliation.no-room"/></c:when>
                <c:otherwise>
                    <fmt:message key="mucregistration.reservations.affiliation.${row.affiliation}"/>
                    <c:if test="${row.stale}">(<fmt:message key="mucregistration.reservations.affiliation.void"/>)</c:if>
                </c:otherwise>
            </c:choose>
        </td>
        <td class="mucregistration-in-room">
            <c:choose>
                <c:when test="${row.inRoom}">
                    <fmt:message key="mucregistration.reservations.in-room.yes" var="text"><fmt:param value="${row.occupantNicknames}"/></fmt:message>
                    <c:out value="${text}"/>
                </c:when>
                <c:otherwise><fmt:message key="mucregistration.reservations.in-room.no"/></c:otherwise>
            </c:choose>
        </td>
        <td style="width: 1%; text-align: center">
            <c:url var="editUrl" value="mucregistration-reservations.jsp">
                <c:param name="service" value="${listing.service}"/>
                <c:param name="room" value="${listing.room}"/>
                <c:param name="q" value="${listing.query}"/>
                <c:param name="page" value="${listing.page}"/>
                <c:param name="size" value="${listing.pageSize}"/>
                <c:param name="edit" value="${row.jid}"/>
                <c:param name="editRoom" value="${row.room}"/>
            </c:url>
            <fmt:message key="mucregistration.reservations.edit.link" var="text"/>
            <a href="${fn:escapeXml(editUrl)}" class="mucregistration-edit" title="${fn:escapeXml(text)}"><img src="${fn:escapeXml(images)}/edit-16x16.gif" alt="${fn:escapeXml(text)}"/></a>
        </td>
        <td style="width: 1%; text-align: center">
            <form action="mucregistration-reservations.jsp" method="post" class="mucregistration-remove-form" style="margin: 0">
                <input type="hidden" name="csrf" value="${fn:escapeXml(view.csrf)}"/>
                <input type="hidden" name="action" value="remove"/>
                <input type="hidden" name="service" value="${fn:escapeXml(listing.service)}"/>
                <input type="hidden" name="room" value="${fn:escapeXml(listing.room)}"/>
                <input type="hidden" name="q" value="${fn:escapeXml(listing.query)}"/>
                <input type="hidden" name="page" value="${listing.page}"/>
                <input type="hidden" name="size" value="${listing.pageSize}"/>
                <input type="hidden" name="targetRoom" value="${fn:escapeXml(row.room)}"/>
                <input type="hidden" name="jid" value="${fn:escapeXml(row.jid)}"/>
                <fmt:message key="mucregistration.reservations.remove.link" var="text"/>
                <fmt:message key="mucregistration.reservations.remove.confirm" var="confirmText"><fmt:param value="${row.nickname}"/><fmt:param value="${row.jid}"/></fmt:message>
                <button type="submit" class="mucregistration-remove" title="${fn:escapeXml(text)}" data-confirm="${fn:escapeXml(confirmText)}"
                        onclick="return confirm(this.getAttribute('data-confirm'));"
                        style="border: 0; background: none; padding: 0; cursor: pointer"><img src="${fn:escapeXml(images)}/delete-16x16.gif" alt="${fn:escapeXml(text)}"/></button>
            </form>
        </td>
    </tr>
    </c:forEach>
    </tbody>
</table>
</div>
<br/>

<form action="mucregistration-reservations.jsp" method="post" id="mucregistration-add">
    <input type="hidden" name="csrf" value="${fn:escapeXml(view.csrf)}"/>
    <input type="hidden" name="action" value="add"/>
    <input type="hidden" name="service" value="${fn:escapeXml(listing.service)}"/>
    <input type="hidden" name="room" value="${fn:escapeXml(listing.room)}"/>
    <input type="hidden" name="q" value="${fn:escapeXml(listing.query)}"/>
    <input type="hidden" name="page" value="${listing.page}"/>
    <input type="hidden" name="size" value="${listing.pageSize}"/>
    <div class="jive-contentBoxHeader"><fmt:message key="mucregistration.reservations.add.title"/></div>
    <div class="jive-contentBox">
        <p><fmt:message key="mucregistration.reservations.add.info" var="text"><fmt:param value="${listing.serviceDomain}"/></fmt:message><c:out value="${text}"/></p>
        <table>
            <tbody>
            <tr>
                <td style="width: 1%; white-space: nowrap"><label for="mucregistration-add-room"><fmt:message key="mucregistration.reservations.field.room"/>:</label> *</td>
                <td><input type="text" name="targetRoom" id="mucregistration-add-room" size="30" maxlength="1023" list="mucregistration-rooms" value="${fn:escapeXml(view.add.room)}"/></td>
            </tr>
            <tr>
                <td style="width: 1%; white-space: nowrap"><label for="mucregistration-add-jid"><fmt:message key="mucregistration.reservations.field.jid"/>:</label> *</td>
                <td>
                    <input type="text" name="jid" id="mucregistration-add-jid" size="30" maxlength="3071" value="${fn:escapeXml(view.add.jid)}"/>
                    <fmt:message key="mucregistration.reservations.add.jid.hint"/>
                </td>
            </tr>
            <tr>
                <td style="width: 1%; white-space: nowrap"><label for="mucregistration-add-nick"><fmt:message key="mucregistration.reservations.field.nick"/>:</label> *</td>
                <td><input type="text" name="nick" id="mucregistration-add-nick" size="30" maxlength="1023" value="${fn:escapeXml(view.add.nick)}"/></td>
            </tr>
            </tbody>
        </table>
        <p><input type="submit" id="mucregistration-add-submit" value="<fmt:message key="mucregistration.reservations.add.submit"/>"/></p>
    </div>
</form>
<br/>

<div class="jive-contentBoxHeader"><fmt:message key="mucregistration.reservations.help.title"/></div>
<div class="jive-contentBox" id="mucregistration-help">
    <ul>
        <li><fmt:message key="mucregistration.reservations.help.add"/></li>
        <li><fmt:message key="mucregistration.reservations.help.outcast"/></li>
        <li><fmt:message key="mucregistration.reservations.help.conflict"/></li>
        <li><fmt:message key="mucregistration.reservations.help.kick"/></li>
        <li><fmt:message key="mucregistration.reservations.help.edit"/></li>
        <li><fmt:message key="mucregistration.reservations.help.remove"/></li>
        <li><fmt:message key="mucregistration.reservations.help.void"/></li>
        <li><fmt:message key="mucregistration.reservations.help.audit"/></li>
    </ul>
</div>

</c:if>

</body>
</html>
