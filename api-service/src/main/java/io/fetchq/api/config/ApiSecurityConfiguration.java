package io.fetchq.api.config;

import io.fetchq.api.ratelimit.web.RateLimitHeadersFilter;
import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.api.tenants.usecase.ApiKeyAuthenticator;
import io.fetchq.api.tenants.usecase.BootstrapKeyAuthenticator;
import io.fetchq.api.web.ProblemWriter;
import io.fetchq.api.web.security.ApiKeyAuthenticationFilter;
import io.fetchq.api.web.security.ApiKeyAuthenticationProvider;
import io.fetchq.api.web.security.FirewallCharacters;
import io.fetchq.api.web.security.IntrospectorCacheFilterRemover;
import io.fetchq.api.web.security.ProblemAccessDeniedHandler;
import io.fetchq.api.web.security.ProblemAuthenticationEntryPoint;
import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Stateless bearer API-key security (API.md "Authentication and tenancy"): every endpoint needs a
 * valid key except health, info, metrics scraping and the API documentation. Keys are checked by
 * every {@link ApiKeyAuthenticator} bean in order: the bootstrap admin key first (no database),
 * then the keys issued to tenants ({@code ApiTenantConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(ApiProperties.class)
public class ApiSecurityConfiguration {

  /** Reachable without a key. */
  static final String[] OPEN_PATHS = {
    "/actuator/health",
    "/actuator/health/**",
    "/actuator/info",
    "/actuator/prometheus",
    "/v3/api-docs",
    "/v3/api-docs/**",
    "/swagger-ui.html",
    "/swagger-ui/**"
  };

  /** Position of the bootstrap key among the authenticators: first, it needs no database. */
  static final int BOOTSTRAP_KEY_ORDER = 0;

  /** Position of the stored tenant keys among the authenticators. */
  static final int STORED_KEYS_ORDER = 10;

  private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);

  @Bean
  @Order(BOOTSTRAP_KEY_ORDER)
  BootstrapKeyAuthenticator apiBootstrapKeyAuthenticator(ApiProperties properties) {
    BootstrapKeyAuthenticator authenticator =
        new BootstrapKeyAuthenticator(properties.bootstrapAdminKey());
    if (!authenticator.isConfigured()) {
      log.warn(
          "no bootstrap admin key configured (FETCHQ_BOOTSTRAP_ADMIN_KEY):"
              + " only keys issued through the admin API are valid");
    }
    return authenticator;
  }

  /**
   * No Spring Security observations: they wrap every filter of the chain in an observation, one of
   * the larger slices of a submission's CPU (JFR, bench/run submit-64), and measure nothing the
   * request's own {@code http.server.requests} observation and the submission counters do not.
   */
  @Bean
  SecurityObservationSettings apiSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  /**
   * The chain's {@code requestMatchers(String...)} become path patterns matched on the request's
   * parsed path (Spring Security 6.5's opt-in, 7's default) rather than Spring MVC matchers, which
   * ask the {@code HandlerMappingIntrospector} on every request. The dispatcher servlet is mapped
   * to {@code /}, so both match the same paths.
   */
  @Bean
  PathPatternRequestMatcher.Builder apiPathPatterns() {
    return PathPatternRequestMatcher.withDefaults();
  }

  /**
   * The chain without Spring Security 6.5's handler-lookup cache filter in front of it, which
   * serves only Spring MVC matchers and CORS, neither used here ({@link
   * IntrospectorCacheFilterRemover}). Static: a bean factory post-processor.
   */
  @Bean
  static IntrospectorCacheFilterRemover apiIntrospectorCacheFilterRemover() {
    return new IntrospectorCacheFilterRemover();
  }

  /**
   * Spring Security's strict firewall with its default rules for the characters of header names,
   * header values and parameter names, checked code point by code point rather than by regular
   * expressions on every header read ({@link FirewallCharacters}).
   */
  @Bean
  WebSecurityCustomizer apiFirewall() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowedHeaderNames(FirewallCharacters::isAllowedName);
    firewall.setAllowedHeaderValues(FirewallCharacters::isAllowedValue);
    firewall.setAllowedParameterNames(FirewallCharacters::isAllowedName);
    return web -> web.httpFirewall(firewall);
  }

  @Bean
  ApiKeyAuthenticationProvider apiKeyAuthenticationProvider(
      ObjectProvider<ApiKeyAuthenticator> authenticators) {
    return new ApiKeyAuthenticationProvider(authenticators.orderedStream().toList());
  }

  @Bean
  SecurityFilterChain apiSecurityFilterChain(
      HttpSecurity http,
      ApiKeyAuthenticationProvider provider,
      ProblemWriter problems,
      ObjectProvider<RateLimitHeadersFilter> rateLimitHeaders)
      throws Exception {
    ProviderManager authenticationManager = new ProviderManager(provider);
    http.csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(
            new ApiKeyAuthenticationFilter(authenticationManager),
            AnonymousAuthenticationFilter.class)
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(new ProblemAuthenticationEntryPoint(problems))
                    .accessDeniedHandler(new ProblemAccessDeniedHandler(problems)))
        .authorizeHttpRequests(
            requests ->
                requests
                    .dispatcherTypeMatchers(DispatcherType.ERROR)
                    .permitAll()
                    // An event stream's completion is an async dispatch of a request already
                    // authorized (API keys are read once per request, not on that dispatch).
                    .dispatcherTypeMatchers(DispatcherType.ASYNC)
                    .permitAll()
                    .requestMatchers(OPEN_PATHS)
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/api/v1/jobs")
                    .hasAuthority(Scope.JOBS_WRITE.wireName())
                    .requestMatchers(HttpMethod.GET, "/api/v1/jobs", "/api/v1/jobs/**")
                    .hasAuthority(Scope.JOBS_READ.wireName())
                    .requestMatchers(HttpMethod.DELETE, "/api/v1/jobs/**")
                    .hasAuthority(Scope.JOBS_WRITE.wireName())
                    .requestMatchers(HttpMethod.POST, "/api/v1/batches")
                    .hasAuthority(Scope.JOBS_WRITE.wireName())
                    .requestMatchers(HttpMethod.GET, "/api/v1/batches/**")
                    .hasAuthority(Scope.JOBS_READ.wireName())
                    .requestMatchers("/api/v1/admin/**")
                    .hasAuthority(Scope.ADMIN.wireName())
                    .requestMatchers(HttpMethod.POST, "/api/v1/webhook-secret/rotate")
                    .hasAuthority(Scope.JOBS_WRITE.wireName())
                    .anyRequest()
                    .authenticated());
    // After authentication (the caller's tenant is known), before authorization (a 403 gets them).
    rateLimitHeaders.ifAvailable(
        filter -> http.addFilterAfter(filter, ApiKeyAuthenticationFilter.class));
    return http.build();
  }
}
