package io.eventcheckpoint.security;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Authenticates and authorizes {@code /logs} requests in one step: the bearer token (matched in
 * constant time by {@link BearerTokenAuthenticationProvider}), then its role against the method
 * ({@code GET}/{@code HEAD}: read; {@code PUT}/{@code POST}/{@code DELETE}: write; anything else:
 * any valid token). It replaces Spring Security's authentication, anonymous, session, exception
 * translation and authorization filters on this path, which cost a quarter of a PUT's CPU (issue
 * 13), and answers the same 401 and 403 problems through {@link SecurityProblems}.
 */
final class BearerTokenFilter implements Filter {

	private static final BearerTokenConverter converter = new BearerTokenConverter();

	private final BearerTokenAuthenticationProvider tokens;

	private final SecurityProblems problems;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	BearerTokenFilter(BearerTokenAuthenticationProvider tokens, SecurityProblems problems) {
		this.tokens = tokens;
		this.problems = problems;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		HttpServletResponse response = (HttpServletResponse) res;
		Authentication authentication;
		try {
			Authentication presented = converter.convert(request);
			if (presented == null) {
				throw new InsufficientAuthenticationException("This request needs a bearer token");
			}
			authentication = this.tokens.authenticate(presented);
		}
		catch (AuthenticationException ex) {
			this.problems.commence(request, response, ex);
			return;
		}
		if (!permits(request.getMethod(), ((ApiToken) authentication.getPrincipal()).role())) {
			this.problems.handle(request, response, new AccessDeniedException("Role does not allow this request"));
			return;
		}
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(authentication);
		this.contexts.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.contexts.clearContext();
		}
	}

	static boolean permits(String method, CheckpointSecurityProperties.Role role) {
		return switch (method) {
			case "PUT", "POST", "DELETE" -> role == CheckpointSecurityProperties.Role.WRITE;
			// GET and HEAD need read, which every role has; other methods only a valid token (then 405).
			default -> true;
		};
	}

}
