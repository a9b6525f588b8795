package dev.etcdj.http.internal;

import dev.etcdj.api.EtcdConnectionException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * etcd's DNS discovery for clients (etcdctl's {@code --discovery-srv}) with the JDK's own DNS provider
 * ({@code jdk.naming.dns}): the SRV records {@code _etcd-client-ssl._tcp.<domain>} (https) and, if there
 * are none, {@code _etcd-client._tcp.<domain>} (http), ordered by priority, then weight (heavier first).
 * No record, or no answer, is an {@link EtcdConnectionException}: never a silent fallback to localhost.
 */
public final class SrvLookup {
    private static final String FACTORY = "com.sun.jndi.dns.DnsContextFactory";

    private SrvLookup() {
    }

    private record Srv(int priority, int weight, int port, String target) {
    }

    /**
     * Returns the client URLs {@code domain} publishes.
     *
     * @param dnsServer the DNS server to ask, or null for the system's resolvers
     */
    public static List<String> endpoints(String domain, InetSocketAddress dnsServer) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", FACTORY);
        env.put("java.naming.provider.url", dnsServer == null ? "dns:"
                : "dns://" + dnsServer.getHostString() + ":" + dnsServer.getPort());
        env.put("com.sun.jndi.dns.timeout.initial", "1000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        String ssl = "_etcd-client-ssl._tcp." + domain;
        String plain = "_etcd-client._tcp." + domain;
        DirContext dns = null;
        try {
            dns = new InitialDirContext(env);
            List<String> found = lookup(dns, ssl, "https");
            if (found.isEmpty()) {
                found = lookup(dns, plain, "http");
            }
            if (found.isEmpty()) {
                throw new EtcdConnectionException("DNS discovery found no etcd: neither " + ssl + " nor " + plain
                        + " has an SRV record" + where(dnsServer), null, false);
            }
            return found;
        } catch (NamingException e) {
            throw new EtcdConnectionException("DNS discovery of " + domain + " failed" + where(dnsServer) + ": " + e, e, false);
        } finally {
            if (dns != null) {
                try {
                    dns.close();
                } catch (NamingException ignored) {
                    // nothing is held open by a closed lookup
                }
            }
        }
    }

    private static String where(InetSocketAddress dnsServer) {
        return dnsServer == null ? "" : " (asked " + dnsServer.getHostString() + ":" + dnsServer.getPort() + ")";
    }

    private static List<String> lookup(DirContext dns, String name, String scheme) throws NamingException {
        Attribute records;
        try {
            records = dns.getAttributes(name, new String[] {"SRV"}).get("SRV");
        } catch (NameNotFoundException e) {
            return List.of();
        }
        if (records == null) {
            return List.of();
        }
        List<Srv> srv = new ArrayList<>();
        NamingEnumeration<?> all = records.getAll();
        while (all.hasMore()) {
            String[] f = all.next().toString().trim().split("\\s+");
            if (f.length != 4) {
                throw new NameNotFoundException("an SRV record of " + name + " is not 'priority weight port target': " + String.join(" ", f));
            }
            String target = f[3].endsWith(".") ? f[3].substring(0, f[3].length() - 1) : f[3];
            srv.add(new Srv(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), target));
        }
        srv.sort(Comparator.comparingInt(Srv::priority).thenComparing(Comparator.comparingInt(Srv::weight).reversed()));
        return srv.stream().map(s -> scheme + "://" + s.target() + ":" + s.port()).distinct().toList();
    }
}
