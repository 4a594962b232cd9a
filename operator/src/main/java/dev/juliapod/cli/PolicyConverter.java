package dev.juliapod.cli;

import dev.juliapod.julia.SysimagePolicy;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** `--policy` values in lower case, as users type and read them. */
final class PolicyConverter implements ITypeConverter<SysimagePolicy>, Iterable<String> {
  @Override
  public SysimagePolicy convert(String value) {
    try {
      return SysimagePolicy.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** The completion candidates picocli shows in help. */
  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(SysimagePolicy.values()).map(SysimagePolicy::id).iterator();
  }
}
