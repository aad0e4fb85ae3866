package dev.lipsync.support;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import retrofit2.Converter;
import retrofit2.Retrofit;

/**
 * Reads answers with another converter factory, handing an {@link Error} met while reading (a {@link
 * LinkageError} from a JSON library of the wrong version) to the call's failure path inside an {@code
 * IOException}. Retrofit rethrows a fatal error from a converter on OkHttp's thread, where nobody
 * hears of it and the call's future never completes; wrapped, it reaches {@link
 * VendorCallAdapterFactory}, which surfaces it as itself.
 */
final class ErrorPassingConverters extends Converter.Factory {
  private final Converter.Factory delegate;

  ErrorPassingConverters(Converter.Factory delegate) {
    this.delegate = delegate;
  }

  @Override
  public @Nullable Converter<ResponseBody, ?> responseBodyConverter(
      Type type, Annotation[] annotations, Retrofit retrofit) {
    Converter<ResponseBody, ?> reader = delegate.responseBodyConverter(type, annotations, retrofit);
    if (reader == null) {
      return null;
    }
    return body -> {
      try {
        return reader.convert(body);
      } catch (Error e) {
        throw new IOException("the answer could not be read: " + e, e);
      }
    };
  }

  @Override
  public @Nullable Converter<?, okhttp3.RequestBody> requestBodyConverter(
      Type type, Annotation[] parameterAnnotations, Annotation[] methodAnnotations, Retrofit retrofit) {
    return delegate.requestBodyConverter(type, parameterAnnotations, methodAnnotations, retrofit);
  }
}
