package vn.edxml.validation.internal;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The English and Vietnamese message bundles ({@code vn/edxml/validation/messages*.properties},
 * UTF-8). Keys are rule ids, optionally followed by {@code .variant}. Lookups never fall back to
 * the JVM's default locale, so output does not depend on the machine.
 */
public final class Messages {

  private static final String BUNDLE = "vn.edxml.validation.messages";
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
  private static final Locale VIETNAMESE = Locale.forLanguageTag("vi");

  private Messages() {}

  public static String english(String key, Object... args) {
    return format(Locale.ROOT, key, args);
  }

  public static String vietnamese(String key, Object... args) {
    return format(VIETNAMESE, key, args);
  }

  /** The message for a key in Vietnamese for a {@code vi} locale, in English otherwise. */
  public static String format(Locale locale, String key, Object... args) {
    Locale l = locale != null && "vi".equals(locale.getLanguage()) ? VIETNAMESE : Locale.ROOT;
    ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, l, NO_FALLBACK);
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("No message for key " + key + " in " + l, e);
    }
    return new MessageFormat(pattern, Locale.ROOT).format(args);
  }

  /** True when both bundles have this key. */
  public static boolean has(String key) {
    try {
      ResourceBundle.getBundle(BUNDLE, Locale.ROOT, NO_FALLBACK).getString(key);
      ResourceBundle.getBundle(BUNDLE, VIETNAMESE, NO_FALLBACK).getString(key);
      return true;
    } catch (MissingResourceException e) {
      return false;
    }
  }
}
