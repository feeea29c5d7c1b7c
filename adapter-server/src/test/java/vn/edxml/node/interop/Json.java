package vn.edxml.node.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Reads the JSON lines the Python client prints. */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String text) {
    try {
      return MAPPER.readValue(text, Map.class);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not a JSON object: " + text, e);
    }
  }
}
