package org.isaacus.web;

import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * English first; Finnish and Swedish bundles sit beside it and are chosen with ?lang=fi or ?lang=sv. The choice is
 * kept in a cookie for the browser and, for a signed-in person, remembered for their notifications.
 */
@Configuration
class LocaleConfiguration implements WebMvcConfigurer {

    private final org.isaacus.notification.PersonLanguages languages;

    LocaleConfiguration(org.isaacus.notification.PersonLanguages languages) {
        this.languages = languages;
    }

    @Bean
    LocaleResolver localeResolver() {
        var resolver = new CookieLocaleResolver("isaacus-lang");
        resolver.setDefaultLocale(Locale.ENGLISH);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        var interceptor = new LocaleChangeInterceptor();
        interceptor.setParamName("lang");
        registry.addInterceptor(interceptor);
        registry.addInterceptor(new org.springframework.web.servlet.HandlerInterceptor() {
            @Override
            public boolean preHandle(
                    jakarta.servlet.http.HttpServletRequest request,
                    jakarta.servlet.http.HttpServletResponse response,
                    Object handler) {
                String lang = request.getParameter("lang");
                var auth = org.springframework.security.core.context.SecurityContextHolder.getContext()
                        .getAuthentication();
                if (lang != null
                        && auth != null
                        && auth.isAuthenticated()
                        && !(auth
                                instanceof org.springframework.security.authentication.AnonymousAuthenticationToken)) {
                    languages.remember(auth.getName(), lang);
                }
                return true;
            }
        });
    }
}
