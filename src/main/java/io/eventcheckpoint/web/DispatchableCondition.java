package io.eventcheckpoint.web;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.servlet.mvc.condition.AbstractRequestCondition;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Matches a request only if the servlet container can dispatch it again to its own path, which an
 * asynchronous answer needs: Spring MVC completes a {@link CompletionStage} by dispatching the
 * request once more. Tomcat refuses that for a path that climbs above the root once decoded
 * ({@code /logs/..%2F..%2Fetc}, a log name like any other here) and the request would never be
 * answered, so such a request takes the blocking handler of the same operation instead.
 */
final class DispatchableCondition extends AbstractRequestCondition<DispatchableCondition> {

	static final DispatchableCondition INSTANCE = new DispatchableCondition();

	private DispatchableCondition() {
	}

	/**
	 * The condition for handler methods that answer asynchronously, none for the others.
	 * @param method a handler method
	 * @return the condition, or {@code null}
	 */
	static DispatchableCondition forMethod(Method method) {
		return CompletionStage.class.isAssignableFrom(method.getReturnType()) ? INSTANCE : null;
	}

	@Override
	public DispatchableCondition getMatchingCondition(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return (request.getServletContext().getRequestDispatcher(path) != null) ? this : null;
	}

	@Override
	public DispatchableCondition combine(DispatchableCondition other) {
		return this;
	}

	@Override
	public int compareTo(DispatchableCondition other, HttpServletRequest request) {
		return 0;
	}

	@Override
	protected Collection<?> getContent() {
		return List.of("dispatchable");
	}

	@Override
	protected String getToStringInfix() {
		return "";
	}

	/** Spring MVC's handler mapping with this condition on every asynchronous handler method. */
	static RequestMappingHandlerMapping handlerMapping() {
		return new RequestMappingHandlerMapping() {

			@Override
			protected DispatchableCondition getCustomMethodCondition(Method method) {
				return forMethod(method);
			}

		};
	}

}
