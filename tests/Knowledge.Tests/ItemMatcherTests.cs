namespace Growbin.Knowledge.Tests;

/// <summary>The matcher on a small dataset made here, so each expectation is visible next to its data.</summary>
public sealed class ItemMatcherTests
{
    private static readonly KnowledgeBase Knowledge = new(
        "test",
        [new Source("s", "test source", "test")],
        [
            new Category("paper", "종이", "Paper", ["펼친다"], "종이 수거함", ["s"], ["step"], "bin"),
            new Category("paper-pack", "종이팩", "Paper cartons", ["헹군다"], "종이팩 수거함", ["s"], ["step"], "bin"),
            new Category("general-waste", "일반 종량제 봉투", "General waste", ["봉투에 담는다"], "종량제 봉투", ["s"], ["step"], "bin"),
            new Category("non-combustible", "불연성 폐기물", "Non-combustible", ["마대에 담는다"], "불연성 마대", ["s"], ["step"], "bin"),
        ],
        [
            Item("receipt", "영수증", "Receipt", ["감열지 영수증", "카드 영수증"], "general-waste"),
            Item("milk-carton", "우유팩", "Milk carton", ["우유곽", "멸균팩"], "paper-pack"),
            Item("broken-glass", "깨진 유리", "Broken glass", ["유리 조각"], "non-combustible"),
            Item("newspaper", "신문지", "Newspaper", ["신문"], "paper"),
            Item("parcel-box", "택배 상자", "Parcel box", ["골판지 상자"], "paper"),
            Item("newspaper-bin", "신문통", "Newspaper bin", [], "paper"),
            Item("banana-peel", "바나나 껍질", "Banana peel", ["banana skin"], "general-waste"),
            Item("can", "캔", "Can", ["can"], "general-waste"),
            Item("clear-pet", "투명 페트병", "Clear PET bottle", ["pet bottle"], "paper"),
            Item("colored-pet", "유색 페트병", "Colored PET bottle", [], "general-waste"),
            Item("pizza-box", "피자 상자", "Pizza box", ["피자박스"], "paper"),
        ]);

    private readonly ItemMatcher _matcher = new(Knowledge);

    [Fact]
    public void Exact_id_wins_outright()
    {
        var result = _matcher.Match("milk-carton");

        result.Best!.Item.Id.Should().Be("milk-carton");
        result.Best.Kind.Should().Be(MatchKind.Id);
        result.IsConfident.Should().BeTrue();
    }

    [Theory]
    [InlineData("우유팩", "milk-carton")]
    [InlineData("우유 팩", "milk-carton")]
    [InlineData("우유곽", "milk-carton")]
    [InlineData("Milk Carton", "milk-carton")]
    [InlineData("영수증은", "receipt")]
    [InlineData("깨진유리", "broken-glass")]
    [InlineData("영수증은요?", "receipt")]
    [InlineData("영수증이에요", "receipt")]
    [InlineData("우유팩 버리는 법", "milk-carton")]
    [InlineData("우유팩 분리수거 방법?", "milk-carton")]
    [InlineData("신문지들", "newspaper")]
    [InlineData("택배 상자는 어떻게 버려요?", "parcel-box")]
    public void Names_aliases_spacing_english_and_particles_match_confidently(string query, string expected)
    {
        var result = _matcher.Match(query);

        result.Best!.Item.Id.Should().Be(expected);
        result.IsConfident.Should().BeTrue();
    }

    [Theory]
    [InlineData("영수중", "receipt")]
    [InlineData("우유펙", "milk-carton")]
    [InlineData("reciept", "receipt")]
    [InlineData("신문쥐", "newspaper")]
    public void Typos_find_the_item_by_jamo_distance(string query, string expected)
    {
        var result = _matcher.Match(query);

        result.Best!.Item.Id.Should().Be(expected);
        result.Best.Kind.Should().Be(MatchKind.Fuzzy);
    }

    [Fact]
    public void A_longer_phrase_containing_a_name_is_a_candidate_but_not_a_confident_answer()
    {
        var result = _matcher.Match("깨진유리조각들");

        result.Best!.Item.Id.Should().Be("broken-glass");
        result.Best.Kind.Should().Be(MatchKind.Contains);
        result.IsConfident.Should().BeFalse();
    }

    [Fact]
    public void A_name_inside_a_longer_phrase_is_never_confident_however_much_of_it_the_name_covers()
    {
        var result = _matcher.Match("긴 감열지 영수증");

        result.Best!.Item.Id.Should().Be("receipt");
        result.Best.Kind.Should().Be(MatchKind.Contains);
        result.Best.Score.Should().BeLessThan(MatchResult.ConfidentScore);
        result.IsConfident.Should().BeFalse();
    }

    [Theory]
    [InlineData("자동차")]
    [InlineData("컵")]
    [InlineData("spaceship")]
    [InlineData("   ")]
    public void Unknown_words_are_no_match_never_a_guess(string query)
    {
        var result = _matcher.Match(query);

        result.IsNoMatch.Should().BeTrue();
        result.IsConfident.Should().BeFalse();
    }

    [Fact]
    public void A_query_naming_a_category_falls_back_to_that_category()
    {
        var result = _matcher.Match("종이팩");

        result.Candidates.Should().BeEmpty();
        result.Category!.Id.Should().Be("paper-pack");
        result.IsNoMatch.Should().BeFalse();
    }

    [Fact]
    public void A_category_name_wins_over_an_item_name_it_only_resembles()
    {
        var knowledge = new KnowledgeBase("test", [], Knowledge.Categories,
            [Item("snack-box", "과자 상자", "Snack box", ["종이곽"], "paper")]);

        var result = new ItemMatcher(knowledge).Match("종이팩을");

        result.Candidates.Should().BeEmpty();
        result.Category!.Id.Should().Be("paper-pack");
    }

    [Fact]
    public void An_item_named_like_a_category_is_the_answer_not_the_category()
    {
        var knowledge = new KnowledgeBase("test", [], Knowledge.Categories,
            [Item("carton", "종이팩", "Carton", [], "paper-pack")]);

        var result = new ItemMatcher(knowledge).Match("종이팩");

        result.Best!.Item.Id.Should().Be("carton");
        result.Category.Should().BeNull();
        result.IsConfident.Should().BeTrue();
    }

    [Theory]
    [InlineData("캔")]
    [InlineData("캔은")]
    [InlineData("캔요?")]
    [InlineData("캔은 어떻게 버려요")]
    public void A_one_syllable_name_is_found_with_its_particle_and_ending(string query)
    {
        var knowledge = new KnowledgeBase("test", [], Knowledge.Categories,
            [Item("can", "캔", "Can", [], "general-waste"), Item("candle", "캔들", "Candle", [], "general-waste")]);

        var result = new ItemMatcher(knowledge).Match(query);

        result.Best!.Item.Id.Should().Be("can");
        result.IsConfident.Should().BeTrue();
    }

    [Fact]
    public void A_name_as_typed_wins_over_a_shorter_name_it_ends_like()
    {
        var knowledge = new KnowledgeBase("test", [], Knowledge.Categories,
            [Item("can", "캔", "Can", [], "general-waste"), Item("candle", "캔들", "Candle", [], "general-waste")]);

        var result = new ItemMatcher(knowledge).Match("캔들");

        result.Best!.Item.Id.Should().Be("candle");
        result.Candidates.Should().ContainSingle();
        result.IsConfident.Should().BeTrue();
    }

    [Fact]
    public void A_name_shared_by_two_items_is_never_confident()
    {
        var knowledge = new KnowledgeBase("test", [], Knowledge.Categories,
            [Item("a", "뚜껑", "Lid", [], "general-waste"), Item("b", "병뚜껑", "Bottle cap", ["뚜껑"], "general-waste")]);

        var result = new ItemMatcher(knowledge).Match("뚜껑");

        result.Candidates.Select(c => c.Item.Id).Should().Contain(["a", "b"]);
        result.IsConfident.Should().BeFalse();
    }

    [Theory]
    [InlineData("banana peel", "banana-peel")]
    [InlineData("Banana peels", "banana-peel")]
    [InlineData("banana skins", "banana-peel")]
    [InlineData("pet bottles", "clear-pet")]
    [InlineData("Parcel boxes", "parcel-box")]
    public void English_plurals_find_the_item_confidently(string query, string expected)
    {
        var result = _matcher.Match(query);

        result.Best!.Item.Id.Should().Be(expected);
        result.IsConfident.Should().BeTrue();
    }

    [Theory]
    [InlineData("how do I throw away a banana peel?", "banana-peel")]
    [InlineData("where does a pizza box go", "pizza-box")]
    public void An_English_name_inside_a_sentence_is_found_as_whole_words(string query, string expected)
    {
        _matcher.Match(query).Best!.Item.Id.Should().Be(expected);
    }

    [Fact]
    public void An_English_name_is_not_found_inside_another_word()
    {
        var result = _matcher.Match("scanner");

        result.Candidates.Should().NotContain(c => c.Item.Id == "can", "'can' is letters of 'scanner', not a word of it");
    }

    [Fact]
    public void An_item_whose_name_the_query_contains_ranks_above_a_fuzzy_match_of_another()
    {
        // "신문동" contains 신문 (newspaper's alias) and is one jamo from 신문통, which alone would score as a confident typo.
        var result = _matcher.Match("신문동");

        result.Best!.Item.Id.Should().Be("newspaper");
        result.Best.Kind.Should().Be(MatchKind.Contains);
        result.Candidates.Select(c => c.Item.Id).Should().Contain("newspaper-bin");
        result.IsConfident.Should().BeFalse("a name inside a longer word is a lead, not an answer");
    }

    [Theory]
    [InlineData("기름 묻은 피자 박스", "pizza-box", "contaminated")]
    [InlineData("기름묻은 피자박스", "pizza-box", "contaminated")]
    [InlineData("greasy pizza box", "pizza-box", "contaminated")]
    [InlineData("깨진 유리", "broken-glass", null)] // the qualifier is the item's own name
    [InlineData("젖은 신문지", "newspaper", "wet")]
    [InlineData("food-stained pizza box", "pizza-box", "contaminated")]
    [InlineData("내용물 남은 우유팩", "milk-carton", "contaminated")]
    [InlineData("깨끗한 우유팩", "milk-carton", null)]
    [InlineData("empty milk carton", "milk-carton", null)]
    public void Qualifiers_are_taken_out_so_the_name_matches_and_are_reported_as_conditions(string query, string expected, string? condition)
    {
        var result = _matcher.Match(query);

        result.Best!.Item.Id.Should().Be(expected);
        result.IsConfident.Should().BeTrue();
        result.Conditions.Should().Equal(condition is null ? [] : [condition]);
    }

    [Theory]
    [InlineData("초록색 페트병", "colored-pet")]
    [InlineData("갈색 페트병", "colored-pet")]
    [InlineData("green PET bottle", "colored-pet")]
    [InlineData("투명 페트병", "clear-pet")]
    [InlineData("초록색 우유팩", "milk-carton")] // a colour that names no item of its own is dropped
    public void A_colour_steers_a_PET_bottle_to_the_coloured_one(string query, string expected)
    {
        var result = _matcher.Match(query);

        result.Best!.Item.Id.Should().Be(expected);
        result.IsConfident.Should().BeTrue();
    }

    [Fact]
    public void A_query_of_qualifiers_only_matches_as_written()
    {
        var result = _matcher.Match("깨진");

        result.Conditions.Should().BeEmpty();
        result.IsConfident.Should().BeFalse();
    }

    private static Item Item(string id, string nameKo, string nameEn, string[] aliases, string categoryId) =>
        new(id, nameKo, nameEn, aliases, categoryId, ["step"], [], [], null, false, ["s"], ["step"], [], null);
}
