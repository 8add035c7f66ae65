namespace Growbin.Knowledge.Tests;

public sealed class KoreanTextTests
{
    [Theory]
    [InlineData("우유 팩", "우유팩")]
    [InlineData(" Milk-Carton. ", "milkcarton")]
    [InlineData("투명\u00A0페트병!", "투명페트병")]
    public void Normalize_drops_spacing_punctuation_and_case(string input, string expected) =>
        KoreanText.Normalize(input).Should().Be(expected);

    [Fact]
    public void Normalize_composes_decomposed_hangul()
    {
        var decomposed = "\u110B\u1167\u11BC\u1109\u116E\u110C\u1173\u11BC"; // 영수증 typed as separate jamo (NFD)

        KoreanText.Normalize(decomposed).Should().Be("영수증");
    }

    [Theory]
    [InlineData("영수증은", "영수증")]
    [InlineData("우유팩을", "우유팩")]
    [InlineData("건전지에서", "건전지")]
    [InlineData("유리", "유리")]
    [InlineData("캔", "캔")]
    public void A_trailing_particle_is_dropped_only_when_a_word_remains(string input, string expected) =>
        KoreanText.WithoutParticle(input).Should().Be(expected);

    [Fact]
    public void Jamo_splits_syllables_into_initial_vowel_and_final()
    {
        KoreanText.ToJamo("캔").Should().Be("\u110F\u1162\u11AB");
        KoreanText.ToJamo("우유").Should().HaveLength(4);
        KoreanText.ToJamo("pet").Should().Be("pet");
    }

    [Fact]
    public void One_wrong_vowel_is_one_jamo_edit()
    {
        var distance = KoreanText.EditDistance(KoreanText.ToJamo("영수증"), KoreanText.ToJamo("영수중"));

        distance.Should().Be(1);
    }
}
