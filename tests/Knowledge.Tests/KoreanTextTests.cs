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
    [InlineData("\u1112\u1161\u11AB\u1100\u1173\u11AF", "한글")]
    [InlineData("\uD558\u11AB", "한")]
    [InlineData("분리\u1109\u116E\u1100\u1165 Bot", "분리수거 Bot")]
    [InlineData("\u11AB\u1161", "\u11AB\u1161")]
    [InlineData("\uD55C\u11AB", "\uD55C\u11AB")]
    public void ComposeHangul_builds_syllables_from_jamo_and_leaves_everything_else(string input, string expected) =>
        KoreanText.ComposeHangul(input).Should().Be(expected);

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

    [Theory]
    [InlineData("캔은", 1, "캔")]
    [InlineData("캔은", 2, "캔은")]
    [InlineData("랩는", 1, "랩")]
    [InlineData("종이", 1, "종")]
    public void A_particle_may_leave_a_single_syllable_when_asked(string input, int minimumRemaining, string expected) =>
        KoreanText.WithoutParticle(input, minimumRemaining).Should().Be(expected);

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

    [Fact]
    public void Bounded_edit_distance_is_exact_up_to_the_bound_and_one_more_beyond_it()
    {
        var random = new Random(20261123);
        var mismatches = new List<string>();
        for (var n = 0; n < 3000; n++)
        {
            var a = RandomText(random, random.Next(0, 10));
            var b = RandomText(random, random.Next(0, 10));
            var full = ReferenceDistance(a, b);
            if (KoreanText.EditDistance(a, b) != full)
            {
                mismatches.Add($"{a} / {b}: unbounded");
            }

            for (var max = 0; max <= 10; max++)
            {
                if (KoreanText.EditDistance(a, b, max) != Math.Min(full, max + 1))
                {
                    mismatches.Add($"{a} / {b}: max {max}");
                }
            }
        }

        mismatches.Should().BeEmpty();
    }

    private static string RandomText(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => "abcd"[random.Next(4)])]);

    /// <summary>Optimal string alignment distance over the whole table, the textbook way.</summary>
    private static int ReferenceDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
