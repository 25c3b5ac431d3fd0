package org.mucregistration.scenario;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;

import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * Smack connection settings for test servers reached over loopback (or a trusted network): STARTTLS when offered,
 * any certificate and host name accepted, no stream compression. Not for production use. Callers add the account,
 * the resource and their own settings (initial presence, timeouts, ...) to the builder.
 */
public final class LoopbackXmpp {

    /** Any certificate is accepted (Smack installs this into its own SSLContext). */
    public static final X509TrustManager TRUST_ANY_CERTIFICATE = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private static final InetAddress LOOPBACK = loopback();

    private LoopbackXmpp() {
    }

    /** For {@code domain} served at 127.0.0.1:{@code port}. */
    public static XMPPTCPConnectionConfiguration.Builder configuration(String domain, int port)
            throws XmppStringprepException {
        return configuration(domain, LOOPBACK, port);
    }

    /** For {@code domain} served at {@code host}:{@code port}. */
    public static XMPPTCPConnectionConfiguration.Builder configuration(String domain, InetAddress host, int port)
            throws XmppStringprepException {
        return XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain)
                .setHostAddress(host)
                .setPort(port)
                .setSecurityMode(SecurityMode.ifpossible)
                .setCustomX509TrustManager(TRUST_ANY_CERTIFICATE)
                .setHostnameVerifier((hostname, session) -> true)
                .setCompressionEnabled(false);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e); // never: the address has the length of an IPv4 address
        }
    }
}
