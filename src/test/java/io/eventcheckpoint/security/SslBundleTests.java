package io.eventcheckpoint.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.eventcheckpoint.support.HttpTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS through a Spring Boot SSL bundle of PEM files, as docs/security.md describes. The
 * self-signed certificate is made at test time with the JDK's keytool, so no key is committed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.ssl.bundle=server", "checkpoint.flush-interval=1h" })
class SslBundleTests {

	private static final String PASSWORD = "test-only-keystore";

	@TempDir
	static Path dir;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void pemBundle(DynamicPropertyRegistry registry) {
		registry.add("checkpoint.file", () -> dir.resolve("checkpoint.yml").toString());
		registry.add("spring.ssl.bundle.pem.server.keystore.certificate",
				() -> "file:" + pem().resolve("server.crt"));
		registry.add("spring.ssl.bundle.pem.server.keystore.private-key", () -> "file:" + pem().resolve("server.key"));
	}

	@Test
	void serverShouldAnswerOverHttpsWithTheBundleCertificate() {
		HttpResponse<String> response = HttpTestClient.https(this.port, trusting(pem().resolve("keystore.p12")))
			.put("/logs/host-a/Security", "{\"record_number\": 42}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"record_number\":\"42\"");
		assertThat(response.sslSession()).hasValueSatisfying(
				(session) -> assertThat(session.getProtocol()).isIn("TLSv1.2", "TLSv1.3"));
	}

	@Test
	void plainHttpShouldNotBeServedOnTheTlsPort() {
		int status;
		try {
			status = new HttpTestClient(this.port).get("/logs").statusCode();
		}
		catch (UncheckedIOException ex) {
			status = -1;
		}
		// Tomcat answers plain HTTP on a TLS port with a bare 400, or the handshake fails.
		assertThat(status).isIn(-1, 400);
	}

	/** Make a self-signed EC certificate for 127.0.0.1 with keytool and write it as PEM, once. */
	private static synchronized Path pem() {
		Path keystore = dir.resolve("keystore.p12");
		if (Files.exists(dir.resolve("server.key"))) {
			return dir;
		}
		try {
			Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
					"-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
					"-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(),
					"-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
				.redirectErrorStream(true)
				.start();
			String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(keytool.exitValue()).as(out).isZero();
			KeyStore store = load(keystore);
			Files.writeString(dir.resolve("server.crt"), pem("CERTIFICATE", store.getCertificate("server").getEncoded()));
			Files.writeString(dir.resolve("server.key"),
					pem("PRIVATE KEY", store.getKey("server", PASSWORD.toCharArray()).getEncoded()));
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static SSLContext trusting(Path keystore) {
		try {
			Certificate certificate = load(keystore).getCertificate("server");
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("server", certificate);
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyStore load(Path keystore) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, PASSWORD.toCharArray());
		}
		return store;
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

}
