package io.fetchq.api.web.security;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;

/**
 * Takes out of Spring Security's servlet filter the {@code HandlerMappingIntrospector} cache filter
 * that Spring Security 6.5 puts in front of its chain whenever Spring MVC is present.
 *
 * <p>That filter does a full handler lookup for every request, kept for Spring MVC request matchers
 * and for CORS configuration taken from handler mappings. This API uses neither: its chain matches
 * path patterns ({@code ApiSecurityConfiguration}) and it has no CORS. The lookup was about 5 % of
 * a single-job submission's CPU in the API (JFR, bench/run submit-64), and Spring Security 6.5
 * offers no switch to leave it out.
 *
 * <p>Spring Security registers the filter as wrappers around the chain's bean definition: {@value
 * #INTROSPECTOR_WRAPPER} with the cache filter and the chain, inside or around the wrapper that
 * adds the request-path filter path patterns need. This replaces the first by what it wraps,
 * wherever it sits, and keeps the rest. It runs after every bean definition registry
 * post-processor, so after the ones that wrap, and before any bean is created. A wrapper of another
 * shape is left alone and logged; {@code SecurityFilterChainIT} fails on an upgrade that changes
 * it.
 */
public final class IntrospectorCacheFilterRemover implements BeanFactoryPostProcessor {

  /** The bean Spring Boot registers as the servlet filter. */
  public static final String BEAN_NAME = "springSecurityFilterChain";

  static final String INTROSPECTOR_WRAPPER =
      "org.springframework.security.config.annotation.web.configuration"
          + ".WebMvcSecurityConfiguration$CompositeFilterChainProxy";

  private static final Logger log = LoggerFactory.getLogger(IntrospectorCacheFilterRemover.class);

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    if (!(beanFactory instanceof BeanDefinitionRegistry registry)
        || !registry.containsBeanDefinition(BEAN_NAME)) {
      return;
    }
    BeanDefinition registered = registry.getBeanDefinition(BEAN_NAME);
    BeanDefinition without = withoutCacheFilter(registered);
    if (without != registered) {
      registry.removeBeanDefinition(BEAN_NAME);
      registry.registerBeanDefinition(BEAN_NAME, without);
    }
  }

  /** The definition itself, its filters changed in place, or what it wraps if it is the wrapper. */
  private static BeanDefinition withoutCacheFilter(BeanDefinition definition) {
    List<Object> filters = filtersOf(definition);
    if (INTROSPECTOR_WRAPPER.equals(definition.getBeanClassName())) {
      if (filters != null
          && filters.size() == 2
          && filters.get(1) instanceof BeanDefinition chain) {
        return withoutCacheFilter(chain);
      }
      log.warn(
          "Spring Security's handler-lookup cache filter is registered in a shape this version"
              + " does not know; it stays, with one handler lookup more per request");
      return definition;
    }
    if (filters != null) {
      filters.replaceAll(
          filter -> filter instanceof BeanDefinition inner ? withoutCacheFilter(inner) : filter);
    }
    return definition;
  }

  /** The list of filters a composite filter takes as its one constructor argument, if any. */
  @SuppressWarnings("unchecked")
  private static List<Object> filtersOf(BeanDefinition definition) {
    ValueHolder argument =
        definition.getConstructorArgumentValues().getIndexedArgumentValue(0, List.class);
    return argument != null && argument.getValue() instanceof List<?> list
        ? (List<Object>) list
        : null;
  }
}
