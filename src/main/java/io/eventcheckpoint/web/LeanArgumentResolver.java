package io.eventcheckpoint.web;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.MethodParameter;
import org.springframework.validation.Errors;
import org.springframework.validation.annotation.ValidationAnnotationUtils;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.annotation.AbstractNamedValueMethodArgumentResolver;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor;

/**
 * One of Spring MVC's argument resolvers, asked to resolve simple arguments without creating a
 * data binder for each one, and everything else exactly as before.
 * <p>
 * Spring MVC converts every {@code @RequestParam}, {@code @RequestHeader} and {@code @PathVariable}
 * through a new {@code WebDataBinder}, even a {@code String} that needs no conversion, and makes one
 * more for a {@code @RequestBody} that nothing validates. A PUT has seven such arguments, and the
 * binders were about a quarter of the garbage of a request (issue 13). So:
 * <ul>
 * <li>A named value of type {@code String} or {@code boolean}: the wrapped resolver is asked for the
 * raw value (no binder factory: no conversion). A {@code String} (or none) is handed to a
 * {@code String} parameter and {@code "true"}/{@code "false"} to a {@code boolean} one, as the binder
 * would. Any other value (repeated headers, {@code "on"}, {@code "yes"}, an invalid boolean) is
 * resolved again with the binder, so its conversion and its errors stay Spring's.</li>
 * <li>A {@code @RequestBody} with no validation annotation, in a method with no {@link Errors}
 * parameter: the binder would only validate nothing and record an empty binding result for a view
 * that a REST answer never renders.</li>
 * </ul>
 * This holds because nothing here registers a property editor for {@code String} (no
 * {@code @InitBinder}): the binder would hand a {@code String} back unchanged.
 */
final class LeanArgumentResolver implements HandlerMethodArgumentResolver {

	private final HandlerMethodArgumentResolver delegate;

	private final boolean body;

	/** Per body parameter, whether Spring would validate it: decided once, not on every request. */
	private final Map<MethodParameter, Boolean> validated = new ConcurrentHashMap<>();

	private LeanArgumentResolver(HandlerMethodArgumentResolver delegate, boolean body) {
		this.delegate = delegate;
		this.body = body;
	}

	/**
	 * Wrap the named-value and request-body resolvers of a list, in place, so the order of
	 * resolution is kept.
	 * @param resolvers Spring MVC's resolvers
	 * @return the same resolvers, those two kinds wrapped
	 */
	static List<HandlerMethodArgumentResolver> wrap(List<HandlerMethodArgumentResolver> resolvers) {
		List<HandlerMethodArgumentResolver> wrapped = new ArrayList<>(resolvers.size());
		for (HandlerMethodArgumentResolver resolver : resolvers) {
			if (resolver instanceof AbstractNamedValueMethodArgumentResolver) {
				wrapped.add(new LeanArgumentResolver(resolver, false));
			}
			else if (resolver instanceof RequestResponseBodyMethodProcessor) {
				wrapped.add(new LeanArgumentResolver(resolver, true));
			}
			else {
				wrapped.add(resolver);
			}
		}
		return wrapped;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return this.delegate.supportsParameter(parameter);
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) throws Exception {
		if (binderFactory != null) {
			if (this.body) {
				if (!this.validated.computeIfAbsent(parameter, LeanArgumentResolver::isValidated)) {
					return this.delegate.resolveArgument(parameter, mavContainer, webRequest, null);
				}
			}
			else {
				Class<?> type = parameter.getParameterType();
				if (type == String.class || type == boolean.class) {
					Object raw = this.delegate.resolveArgument(parameter, mavContainer, webRequest, null);
					if (type == String.class && (raw == null || raw instanceof String)) {
						return raw;
					}
					if (type == boolean.class && ("true".equals(raw) || "false".equals(raw))) {
						return Boolean.valueOf((String) raw);
					}
				}
			}
		}
		return this.delegate.resolveArgument(parameter, mavContainer, webRequest, binderFactory);
	}

	/** Whether Spring would validate the body, or a later parameter wants its binding result. */
	private static boolean isValidated(MethodParameter parameter) {
		for (Annotation annotation : parameter.getParameterAnnotations()) {
			if (ValidationAnnotationUtils.determineValidationHints(annotation) != null) {
				return true;
			}
		}
		for (Class<?> type : parameter.getExecutable().getParameterTypes()) {
			if (Errors.class.isAssignableFrom(type)) {
				return true;
			}
		}
		return false;
	}

}
