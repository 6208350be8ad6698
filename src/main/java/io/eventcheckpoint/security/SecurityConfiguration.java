package io.eventcheckpoint.security;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * Who may call what: bearer tokens with a role and an optional name prefix
 * ({@code checkpoint.security.tokens}), stateless, without sessions, cookies, CSRF, form login or
 * basic authentication.
 * <ul>
 * <li>{@code GET /fleet}, {@code GET /leases} and {@code GET}/{@code HEAD /logs/**}: role read;
 * {@code PUT}/{@code DELETE /leases/**}: role write; {@code PUT}/{@code POST}/{@code DELETE}: role
 * write (which includes read). The prefix is checked per name by the controller through
 * {@link TokenScope}.</li>
 * <li>{@code /actuator/health/**}, {@code /actuator/info}, {@code /v3/api-docs/**} and
 * {@code /swagger-ui/**}: open. {@code /actuator/prometheus}: open, or role read when
 * {@code checkpoint.security.protect-metrics=true}. Every other actuator path: denied.</li>
 * <li>With no token configured every {@code /logs} request is allowed, and a warning says so at
 * start-up.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(SecurityConfiguration.class);

	private static final String[] LOGS = { "/logs", "/logs/**" };

	private static final String[] API_DOCS = { "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
			"/swagger-ui/**" };

	@Bean
	BearerTokenAuthenticationProvider bearerTokenAuthenticationProvider(CheckpointSecurityProperties properties) {
		if (properties.tokens().isEmpty()) {
			logger.warn("No API token is configured (checkpoint.security.tokens): anyone who can reach this service "
					+ "can read, move and delete every position. Configure tokens before exposing it beyond this "
					+ "machine.");
		}
		else {
			properties.tokens()
				.forEach((token) -> logger.info("API token '{}': role {}, {}", token.name(),
						token.role().name().toLowerCase(Locale.ROOT),
						(token.scopePrefix() != null) ? "names starting with '" + token.prefix() + "'"
								: "every name"));
		}
		return new BearerTokenAuthenticationProvider(properties);
	}

	/**
	 * The API's own chain, in front of the general one: the firewall (applied by Spring Security to
	 * every request before any chain), the security headers, then {@link BearerTokenFilter}, which
	 * authenticates and checks the role in one step. Sessions, the security context repository,
	 * anonymous authentication, exception translation and the authorization filter are left out:
	 * this path needs none of them, and together they cost more than the rest of a PUT.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain logsFilterChain(HttpSecurity http, BearerTokenAuthenticationProvider tokens) {
		http.securityMatcher(LOGS)
			.csrf(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.anonymous(AbstractHttpConfigurer::disable)
			.servletApi(AbstractHttpConfigurer::disable)
			.sessionManagement(AbstractHttpConfigurer::disable)
			.securityContext(AbstractHttpConfigurer::disable)
			.exceptionHandling(AbstractHttpConfigurer::disable);
		if (tokens.hasTokens()) {
			http.addFilterAfter(new BearerTokenFilter(tokens, new SecurityProblems(true)), HeaderWriterFilter.class);
		}
		return http.build();
	}

	/**
	 * No observation per security filter: with an {@code ObservationRegistry} Spring Security wraps
	 * every filter of every chain in observations, which cost more CPU than authentication itself.
	 * The request as a whole is still timed ({@code http.server.requests}).
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, CheckpointSecurityProperties properties,
			BearerTokenAuthenticationProvider tokens,
			@Value("${management.endpoints.web.base-path:/actuator}") String actuatorPath) {
		boolean secured = tokens.hasTokens();
		// Running open, no token can help: a denied path is 403, not a 401 challenge.
		SecurityProblems problems = new SecurityProblems(secured);
		http.csrf(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.authorizeHttpRequests((requests) -> {
				// Error pages render a refusal already decided; /error asked for directly is not one.
				requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
				requests.requestMatchers(EndpointRequest.to("health", "info")).permitAll();
				if (secured && properties.protectMetrics()) {
					requests.requestMatchers(EndpointRequest.to("prometheus")).hasRole("READ");
				}
				else {
					requests.requestMatchers(EndpointRequest.to("prometheus")).permitAll();
				}
				// Endpoints not exposed too: their paths must not fall through to the API rules.
				requests.requestMatchers(EndpointRequest.toAnyEndpoint()).denyAll();
				requests.requestMatchers(actuatorPath, actuatorPath + "/**").denyAll();
				requests.requestMatchers(API_DOCS).permitAll();
				if (secured) {
					requests.requestMatchers(HttpMethod.GET, "/fleet", "/leases").hasRole("READ");
					requests.requestMatchers(HttpMethod.PUT, "/leases/**").hasRole("WRITE");
					requests.requestMatchers(HttpMethod.DELETE, "/leases/**").hasRole("WRITE");
					requests.anyRequest().authenticated();
				}
				else {
					requests.anyRequest().permitAll();
				}
			});
		if (secured) {
			AuthenticationFilter bearer = new AuthenticationFilter(new ProviderManager(tokens),
					new BearerTokenConverter());
			bearer.setSuccessHandler((request, response, authentication) -> {
			});
			bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(problems));
			http.addFilterBefore(bearer, AnonymousAuthenticationFilter.class);
		}
		return http.build();
	}

	/**
	 * Spring Security's firewall, loosened only where log names need it. Names may hold {@code /}
	 * (sent as {@code %2F}), {@code %}, {@code ;} and {@code \} (Winlogbeat reads {@code .evtx}
	 * files by path), so their encoded forms pass. Their raw forms, {@code ..} segments, encoded
	 * {@code .}, NUL, CR and LF stay refused: Spring MVC and the authorization rules both match on
	 * the same percent-decoded path segments, so an encoded separator cannot change which rule
	 * applies.
	 */
	@Bean
	StrictHttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowUrlEncodedSlash(true);
		firewall.setAllowUrlEncodedDoubleSlash(true);
		firewall.setAllowUrlEncodedPercent(true);
		// Keep the raw forms refused; the encoded ones are only characters of a name.
		firewall.getEncodedUrlBlocklist().add("//");
		firewall.getDecodedUrlBlocklist().add("//");
		firewall.getEncodedUrlBlocklist().removeAll(List.of("%3b", "%3B", "%5c", "%5C"));
		// Tomcat passes %2F and %5C through undecoded (TomcatConfiguration), so they reach the decoded path.
		firewall.getDecodedUrlBlocklist().removeAll(List.of(";", "\\", "%5c", "%5C"));
		// A query value is a name prefix: any text without control characters is fine.
		firewall.setAllowedParameterValues((value) -> value.chars().noneMatch(Character::isISOControl));
		// The default rules for headers, without a regular expression per header read.
		firewall.setAllowedHeaderNames(HeaderCharacters::isAllowedName);
		firewall.setAllowedHeaderValues(HeaderCharacters::isAllowedValue);
		firewall.setAllowedParameterNames(HeaderCharacters::isAllowedName);
		return firewall;
	}

	/** The firewall's {@code RequestRejectedHandler}, which Spring Security takes from the context. */
	@Bean
	SecurityProblems requestRejectedHandler() {
		return new SecurityProblems(true);
	}

	@Bean
	AuditLogger auditLogger() {
		return new AuditLogger();
	}

}
