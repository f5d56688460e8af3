package org.jukebox.swing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A view that forwards to a panel made later: controllers need their view when they are made,
 * and panels need their controller, so the window hands controllers one of these and fills it in
 * once the panel exists (before any controller starts, so no call is lost).
 */
final class Late<T> {
  private final AtomicReference<T> target = new AtomicReference<>();
  private final T proxy;

  private Late(Class<T> type) {
    proxy = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
      if (m.getDeclaringClass() == Object.class) {
        return m.invoke(this, args);
      }
      T t = target.get();
      if (t == null) {
        throw new IllegalStateException(type.getSimpleName() + " called before its panel exists: " + m.getName());
      }
      try {
        return m.invoke(t, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }));
  }

  static <T> Late<T> of(Class<T> type) {
    return new Late<>(type);
  }

  T proxy() {
    return proxy;
  }

  void set(T view) {
    target.set(view);
  }
}
