package io.eventcheckpoint.web;

import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Spring MVC's handler adapter with {@link LeanArgumentResolver} around its named-value and
 * request-body resolvers: configured by Spring Boot as usual, it only resolves simple arguments
 * with less work.
 */
@Configuration(proxyBeanMethods = false)
class LeanArgumentsConfiguration {

	@Bean
	WebMvcRegistrations leanArgumentsRegistrations() {
		return new WebMvcRegistrations() {

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
