package io.fetchq.api.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.ManagedList;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.web.filter.CharacterEncodingFilter;
import org.springframework.web.filter.ServletRequestPathFilter;

/** Spring Security 6.5's wrappers as it registers them, in both nestings, and unknown shapes. */
class IntrospectorCacheFilterRemoverTest {

  private static final String PATH_WRAPPER =
      "org.springframework.security.config.annotation.web.configuration"
          + ".WebSecurityConfiguration$CompositeFilterChainProxy";

  private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
  private final BeanDefinition chain = definition(FilterChainProxy.class);
  private final BeanDefinition cacheFilter = definition(CharacterEncodingFilter.class);
  private final BeanDefinition pathFilter = definition(ServletRequestPathFilter.class);

  @Test
  void aWrapperAroundTheChainIsReplacedByTheChain() {
    register(composite(IntrospectorCacheFilterRemover.INTROSPECTOR_WRAPPER, cacheFilter, chain));

    process();

    assertThat(registered()).isSameAs(chain);
  }

  @Test
  void insideThePathFiltersWrapperItIsReplacedThereAndThePathFilterStays() {
    BeanDefinition inner =
        composite(IntrospectorCacheFilterRemover.INTROSPECTOR_WRAPPER, cacheFilter, chain);
    BeanDefinition outer = composite(PATH_WRAPPER, pathFilter, inner);
    register(outer);

    process();

    assertThat(registered()).isSameAs(outer);
    assertThat(filtersOf(outer)).containsExactly(pathFilter, chain);
  }

  @Test
  void aroundThePathFiltersWrapperItIsReplacedByThatWrapper() {
    BeanDefinition inner = composite(PATH_WRAPPER, pathFilter, chain);
    register(composite(IntrospectorCacheFilterRemover.INTROSPECTOR_WRAPPER, cacheFilter, inner));

    process();

    assertThat(registered()).isSameAs(inner);
    assertThat(filtersOf(inner)).containsExactly(pathFilter, chain);
  }

  @Test
  void aWrapperOfAnotherShapeIsLeftAlone() {
    BeanDefinition threeFilters =
        composite(
            IntrospectorCacheFilterRemover.INTROSPECTOR_WRAPPER, cacheFilter, pathFilter, chain);
    register(threeFilters);

    process();

    assertThat(registered()).isSameAs(threeFilters);
    assertThat(filtersOf(threeFilters)).containsExactly(cacheFilter, pathFilter, chain);
  }

  @Test
  void aWrapperWithoutItsFiltersIsLeftAlone() {
    BeanDefinition empty =
        BeanDefinitionBuilder.genericBeanDefinition(
                IntrospectorCacheFilterRemover.INTROSPECTOR_WRAPPER)
            .getBeanDefinition();
    register(empty);

    process();

    assertThat(registered()).isSameAs(empty);
  }

  @Test
  void aChainWithoutTheCacheFilterIsLeftAlone() {
    BeanDefinition outer = composite(PATH_WRAPPER, pathFilter, chain);
    register(outer);

    process();

    assertThat(registered()).isSameAs(outer);
    assertThat(filtersOf(outer)).containsExactly(pathFilter, chain);
  }

  @Test
  void withoutSpringSecurityNothingHappens() {
    process();

    assertThat(beans.getBeanDefinitionCount()).isZero();
  }

  private void process() {
    new IntrospectorCacheFilterRemover().postProcessBeanFactory(beans);
  }

  private void register(BeanDefinition definition) {
    beans.registerBeanDefinition(IntrospectorCacheFilterRemover.BEAN_NAME, definition);
  }

  private BeanDefinition registered() {
    return beans.getBeanDefinition(IntrospectorCacheFilterRemover.BEAN_NAME);
  }

  private static BeanDefinition definition(Class<?> type) {
    return BeanDefinitionBuilder.rootBeanDefinition(type).getBeanDefinition();
  }

  /** A composite filter as Spring Security registers it: its filters as the one argument. */
  private static BeanDefinition composite(String className, BeanDefinition... filters) {
    ManagedList<BeanDefinition> list = new ManagedList<>();
    list.addAll(List.of(filters));
    return BeanDefinitionBuilder.genericBeanDefinition(className)
        .addConstructorArgValue(list)
        .getBeanDefinition();
  }

  private static List<Object> filtersOf(BeanDefinition composite) {
    return List.copyOf(
        (List<?>)
            composite
                .getConstructorArgumentValues()
                .getIndexedArgumentValue(0, List.class)
                .getValue());
  }
}
