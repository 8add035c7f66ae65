namespace Growbin.Knowledge.Tests;

public sealed class KoreanTextTests
{
    [Theory]
    [InlineData("우유 팩", "우유팩")]
    [InlineData(" Milk-Carton. ", "milkcarton")]
    [InlineData("투명\u00A0페트병!", "투명페트병")]
    [InlineData("건전지는요?", "건전지는요")]
    [InlineData("  우유팩…??  ", "우유팩")]
    [InlineData("🙂 캔 🙂", "캔")]
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

    [Theory]
    [InlineData("건전지는요", "건전지는")]
    [InlineData("영수증이요", "영수증이")]
    [InlineData("영수증이에요", "영수증이")]
    [InlineData("종이에요", "종이")]
    [InlineData("페트병인가요", "페트병")]
    [InlineData("우유팩버리는법", "우유팩")]
    [InlineData("형광등어떻게버려요", "형광등")]
    [InlineData("건전지들", "건전지")]
    [InlineData("우유팩분리수거방법", "우유팩")]
    [InlineData("종이컵어떻게", "종이컵")]
    [InlineData("요", "요")]
    [InlineData("분리수거", "분리수거")]
    [InlineData("캔요", "캔요")]
    public void Query_endings_are_dropped_only_when_a_word_remains(string input, string expected) =>
        KoreanText.WithoutQueryEnding(input).Should().Be(expected);

    [Fact]
    public void An_ending_then_a_particle_leave_the_word()
    {
        var word = KoreanText.WithoutParticle(KoreanText.WithoutQueryEnding(KoreanText.Normalize("건전지는요?")));

        word.Should().Be("건전지");
    }

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

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("receipt", "reciept", 1)]
    [InlineData("kitten", "sitting", 3)]
    public void Edit_distance_counts_insertions_deletions_substitutions_and_swaps(string a, string b, int expected)
    {
        KoreanText.EditDistance(a, b).Should().Be(expected);
        KoreanText.EditDistance(b, a).Should().Be(expected);
    }

    [Fact]
    public void Edit_distance_of_long_text_is_computed_off_the_stack_the_same_way()
    {
        var a = new string('가', 200) + "영수증";
        var b = new string('가', 200) + "영수중";

        KoreanText.EditDistance(a, b).Should().Be(1);
        KoreanText.EditDistance(a, "").Should().Be(a.Length);
    }
}
