package io.eventcheckpoint.web;

import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Spring MVC's handler adapter with {@link LeanArgumentResolver} around its named-value and
 * request-body resolvers: configured by Spring Boot as usual, it only resolves simple arguments
 * with less work. Its handler mapping sends an asynchronous handler only requests the container
 * can dispatch again ({@link DispatchableCondition}).
 */
@Configuration(proxyBeanMethods = false)
class LeanArgumentsConfiguration {

	@Bean
	WebMvcRegistrations leanArgumentsRegistrations() {
		return new WebMvcRegistrations() {

			@Override
			public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
				return DispatchableCondition.handlerMapping();
			}

			@Override
			public RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
				return new RequestMappingHandlerAdapter() {

					@Override
					public void afterPropertiesSet() {
						super.afterPropertiesSet();
						setArgumentResolvers(LeanArgumentResolver.wrap(getArgumentResolvers()));
					}

				};
			}

		};
	}

}
