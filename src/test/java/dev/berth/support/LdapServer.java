package dev.berth.support;

import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldif.LDIFReader;

/**
 * A real LDAP server in the test JVM: UnboundID's in-memory directory on a loopback port, loaded
 * from {@code ldap/directory.ldif} (people under {@code ou=people}, groupOfNames groups under
 * {@code ou=groups}), with a service account Berth binds as to search. Tests add and remove people
 * and group members while Berth runs, as a directory's admins would.
 */
public final class LdapServer implements AutoCloseable {

    public static final String BASE = "dc=berth,dc=test";
    public static final String BIND_DN = "cn=berth-service," + BASE;
    public static final String BIND_PASSWORD = "service-account-secret";

    private final InMemoryDirectoryServer server;

    private LdapServer(InMemoryDirectoryServer server) {
        this.server = server;
    }

    public static LdapServer start() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
            config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                    InetAddress.getLoopbackAddress(), 0, null));
            // Person entries carry memberOf too (as Active Directory's do), which the standard schema lacks.
            config.setSchema(null);
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            try (InputStream ldif = LdapServer.class.getResourceAsStream("/ldap/directory.ldif")) {
                server.importFromLDIF(true, new LDIFReader(ldif));
            }
            server.startListening();
            return new LdapServer(server);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-memory LDAP server", e);
        }
    }

    public String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    /** The settings that point Berth at this directory, searching as the service account. */
    public List<String> berthProperties() {
        return List.of("berth.auth.ldap.urls=" + url(), "berth.auth.ldap.base=" + BASE,
                "berth.auth.ldap.bind-dn=" + BIND_DN, "berth.auth.ldap.bind-password=" + BIND_PASSWORD,
                "berth.auth.ldap.user-search-base=ou=people", "berth.auth.ldap.user-search-filter=(uid={0})",
                "berth.auth.ldap.group-search-base=ou=groups", "berth.auth.ldap.group-search-filter=(member={0})");
    }

    public static String personDn(String uid) {
        return "uid=" + uid + ",ou=people," + BASE;
    }

    public static String groupDn(String group) {
        return "cn=" + group + ",ou=groups," + BASE;
    }

    /** Adds a person who logs in as {@code uid} with {@code password}, listing {@code memberOf} groups on the entry. */
    public void addPerson(String uid, String password, String... memberOf) {
        try {
            List<Attribute> attributes = new java.util.ArrayList<>(List.of(
                    new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                    new Attribute("uid", uid), new Attribute("cn", uid), new Attribute("sn", uid),
                    new Attribute("userPassword", password)));
            if (memberOf.length > 0) {
                attributes.add(new Attribute("memberOf", java.util.Arrays.stream(memberOf).map(LdapServer::groupDn)
                        .toArray(String[]::new)));
            }
            server.add(personDn(uid), attributes);
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    public void removePerson(String uid) {
        try {
            server.delete(personDn(uid));
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    public void addToGroup(String group, String uid) {
        modifyMember(group, uid, ModificationType.ADD);
    }

    public void removeFromGroup(String group, String uid) {
        modifyMember(group, uid, ModificationType.DELETE);
    }

    private void modifyMember(String group, String uid, ModificationType type) {
        try {
            server.modify(groupDn(group), new Modification(type, "member", personDn(uid)));
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
