using System.Globalization;
using System.Text;
using Growbin.Csv;

namespace Growbin.Csv.Tests;

public sealed class CsvFileDecoderTests
{
    private const string Korean = "관리번호,설치장소\nMP-001,망원1동 주민센터 앞 (의류수거함)\n";

    [Fact]
    public void UTF8_without_a_BOM_is_read_as_UTF8()
    {
        var (text, encoding) = CsvFileDecoder.Decode(Encoding.UTF8.GetBytes(Korean));

        text.Should().Be(Korean);
        encoding.Should().Be("utf-8");
    }

    [Fact]
    public void UTF8_with_a_BOM_is_read_without_the_BOM()
    {
        var (text, encoding) = CsvFileDecoder.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Korean)]);

        text.Should().Be(Korean);
        encoding.Should().Be("utf-8 (BOM)");
    }

    [Fact]
    public void CP949_is_recognised_because_it_is_not_valid_UTF8_even_under_invariant_globalization()
    {
        // The app and this test run with InvariantGlobalization (Directory.Build.props); CP949 comes from the code
        // pages provider, which does not need ICU.
        AppContext.TryGetSwitch("System.Globalization.Invariant", out var invariant).Should().BeTrue();
        invariant.Should().BeTrue();
        CultureInfo.CurrentCulture.Name.Should().BeEmpty();

        var bytes = CsvFileDecoder.Cp949.GetBytes(Korean);
        bytes.Should().NotEqual(Encoding.UTF8.GetBytes(Korean));

        var (text, encoding) = CsvFileDecoder.Decode(bytes);

        text.Should().Be(Korean);
        encoding.Should().Be("cp949");
    }

    [Fact]
    public void CP949_covers_the_Hangul_outside_EUC_KR()
    {
        // 똠 and 햏 are not in KS X 1001 (EUC-KR) but are in CP949's extension.
        const string extended = "똠방각하,햏\n";

        var (text, encoding) = CsvFileDecoder.Decode(CsvFileDecoder.Cp949.GetBytes(extended));

        text.Should().Be(extended);
        encoding.Should().Be("cp949");
    }

    [Fact]
    public void Plain_ASCII_is_UTF8()
    {
        CsvFileDecoder.Decode("a,b\n1,2\n"u8).EncodingName.Should().Be("utf-8");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UTF16_with_a_BOM_is_read_as_UTF16(bool littleEndian)
    {
        var encoding = littleEndian ? Encoding.Unicode : Encoding.BigEndianUnicode;

        var (text, name) = CsvFileDecoder.Decode([.. encoding.GetPreamble(), .. encoding.GetBytes(Korean)]);

        text.Should().Be(Korean);
        name.Should().Be("utf-16 (BOM)");
    }

    [Fact]
    public void A_named_encoding_is_used_even_where_the_guess_would_differ()
    {
        // Plain ASCII is valid in both; with the encoding named, the answer says which was asked for.
        CsvFileDecoder.Decode("a,b\n"u8, CsvEncoding.Cp949).Should().Be(("a,b\n", "cp949"));
        CsvFileDecoder.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Korean)], CsvEncoding.Utf8).Should().Be((Korean, "utf-8 (BOM)"));
        CsvFileDecoder.Decode(CsvFileDecoder.Cp949.GetBytes(Korean), CsvEncoding.Auto).Should().Be((Korean, "cp949"));
    }

    [Fact]
    public void A_named_encoding_refuses_bytes_that_are_not_valid_in_it()
    {
        var cp949 = CsvFileDecoder.Cp949.GetBytes(Korean);

        var asUtf8 = () => CsvFileDecoder.Decode(cp949, CsvEncoding.Utf8);
        // A lead byte with no trail byte (the file cut off mid-character): refused rather than read as "?".
        var asCp949 = () => CsvFileDecoder.Decode([0x41, 0xB0], CsvEncoding.Cp949);

        asUtf8.Should().Throw<DecoderFallbackException>();
        asCp949.Should().Throw<DecoderFallbackException>();
    }
}
