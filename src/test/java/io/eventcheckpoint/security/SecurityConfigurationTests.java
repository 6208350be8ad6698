package io.eventcheckpoint.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Token configuration: validated at start-up with messages that name the property and never show
 * a secret; a warning when the API runs open.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityConfigurationTests {

	private static final String SECRET = "a-secret-of-some-length";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
				ValidationAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class))
		.withUserConfiguration(TestConfiguration.class);

	@Test
	void noTokenShouldRunOpenAndWarn(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(CheckpointSecurityProperties.class).protectMetrics()).isFalse();
			assertThat(output).contains("WARN")
				.contains("No API token is configured (checkpoint.security.tokens)")
				// Boot's generated user and password would only confuse: tokens replace them.
				.doesNotContain("Using generated security password");
			assertThat(context).doesNotHaveBean(UserDetailsService.class);
		});
	}

	@Test
	void tokensShouldBeLoggedByNameRoleAndPrefixNeverBySecret(CapturedOutput output) {
		this.runner.withPropertyValues("checkpoint.security.tokens[0].name=collector-a",
				"checkpoint.security.tokens[0].secret=" + SECRET, "checkpoint.security.tokens[0].role=write",
				"checkpoint.security.tokens[0].prefix=host-a/")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("API token 'collector-a': role write, names starting with 'host-a/'")
					.doesNotContain("No API token is configured")
					.doesNotContain(SECRET);
			});
	}

	@Test
	void tokenWithBothSecretsShouldFailNamingThePropertyWithoutShowingTheSecret() {
		this.runner.withPropertyValues("checkpoint.security.tokens[0].name=a", "checkpoint.security.tokens[0].secret="
				+ SECRET, "checkpoint.security.tokens[0].secret-sha256=" + "ab".repeat(32),
				"checkpoint.security.tokens[0].role=read")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tokens[0].exactlyOneSecret")
				.hasMessageContaining("set exactly one of secret and secret-sha256")
				.hasMessageNotContaining(SECRET));
	}

	@Test
	void tokenWithoutSecretShouldFail() {
		this.runner
			.withPropertyValues("checkpoint.security.tokens[0].name=a", "checkpoint.security.tokens[0].role=read")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tokens[0].exactlyOneSecret"));
	}

	@Test
	void shortSecretShouldFailWithoutShowingIt() {
		this.runner.withPropertyValues("checkpoint.security.tokens[0].name=a",
				"checkpoint.security.tokens[0].secret=short-secret", "checkpoint.security.tokens[0].role=read")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tokens[0].secretLongEnough")
				.hasMessageContaining("at least 16 characters")
				.hasMessageNotContaining("short-secret"));
	}

	@Test
	void secretSha256ThatIsNotHexShouldFail() {
		this.runner.withPropertyValues("checkpoint.security.tokens[0].name=a",
				"checkpoint.security.tokens[0].secret-sha256=not-a-digest", "checkpoint.security.tokens[0].role=read")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tokens[0].secretSha256Hex")
				.hasMessageContaining("64 hex digits"));
	}

	@Test
	void missingOrUnknownRoleShouldFail() {
		this.runner.withPropertyValues("checkpoint.security.tokens[0].name=a", "checkpoint.security.tokens[0].secret="
				+ SECRET).run((context) -> assertThat(context).hasFailed().getFailure().rootCause()
					.hasMessageContaining("tokens[0].role"));
		this.runner
			.withPropertyValues("checkpoint.security.tokens[0].name=a",
					"checkpoint.security.tokens[0].secret=" + SECRET, "checkpoint.security.tokens[0].role=admin")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("checkpoint.security.tokens[0].role"));
	}

	@Test
	void duplicateNamesOrSecretsShouldFail() {
		this.runner.withPropertyValues("checkpoint.security.tokens[0].name=a",
				"checkpoint.security.tokens[0].secret=" + SECRET, "checkpoint.security.tokens[0].role=read",
				"checkpoint.security.tokens[1].name=a", "checkpoint.security.tokens[1].secret=" + SECRET + "2",
				"checkpoint.security.tokens[1].role=read")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("every token needs a different name"));
		String sha256 = java.util.HexFormat.of().formatHex(CheckpointSecurityProperties.sha256(SECRET));
		this.runner.withPropertyValues("checkpoint.security.tokens[0].name=a",
				"checkpoint.security.tokens[0].secret=" + SECRET, "checkpoint.security.tokens[0].role=read",
				"checkpoint.security.tokens[1].name=b", "checkpoint.security.tokens[1].secret-sha256=" + sha256,
				"checkpoint.security.tokens[1].role=write")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("two tokens have the same secret"));
	}

	@Test
	void tokenNameWithControlCharactersShouldFail() {
		this.runner.withPropertyValues("checkpoint.security.tokens[0].name=a\nforged log line",
				"checkpoint.security.tokens[0].secret=" + SECRET, "checkpoint.security.tokens[0].role=read")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tokens[0].name"));
	}

	@Test
	void providerShouldMatchEachTokenAndRefuseEverythingElse() {
		this.runner.withPropertyValues("checkpoint.security.tokens[0].name=a",
				"checkpoint.security.tokens[0].secret=" + SECRET, "checkpoint.security.tokens[0].role=read",
				"checkpoint.security.tokens[1].name=b",
				"checkpoint.security.tokens[1].secret-sha256="
						+ java.util.HexFormat.of().formatHex(CheckpointSecurityProperties.sha256("b-secret-of-some-length")),
				"checkpoint.security.tokens[1].role=write", "checkpoint.security.tokens[1].prefix=host-b/")
			.run((context) -> {
				BearerTokenAuthenticationProvider provider = context.getBean(BearerTokenAuthenticationProvider.class);
				Authentication a = provider.authenticate(BearerTokenAuthentication.unauthenticated(SECRET));
				assertThat(a.getName()).isEqualTo("a");
				assertThat(a.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_READ");
				Authentication b = provider
					.authenticate(BearerTokenAuthentication.unauthenticated("b-secret-of-some-length"));
				assertThat(b.getPrincipal()).isEqualTo(new ApiToken("b", CheckpointSecurityProperties.Role.WRITE,
						"host-b/"));
				assertThat(b.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_READ", "ROLE_WRITE");
				assertThat(b.getCredentials()).isNull();
				assertThat(b.toString()).doesNotContain("b-secret");
				for (String wrong : new String[] { SECRET + " ", SECRET.substring(1), "", "b-secret-of-some-lengtH" }) {
					assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(
							() -> provider.authenticate(BearerTokenAuthentication.unauthenticated(wrong)));
				}
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CheckpointSecurityProperties.class)
	@Import(SecurityConfiguration.class)
	static class TestConfiguration {

	}

}
