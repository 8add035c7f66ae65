namespace Growbin.Knowledge.Tests;

/// <summary>The shipped dataset (services/shared/Knowledge/data) is internally consistent.</summary>
public sealed class DatasetTests
{
    private static readonly KnowledgeBase Data = KnowledgeBase.Default;

    [Fact]
    public void Dataset_loads_with_a_version_sources_categories_and_items()
    {
        Data.Version.Should().NotBeNullOrWhiteSpace();
        Data.Sources.Should().NotBeEmpty();
        Data.Categories.Should().NotBeEmpty();
        Data.Items.Should().NotBeEmpty();
    }

    [Fact]
    public void At_least_500_items_and_every_category_has_some()
    {
        Data.Items.Should().HaveCountGreaterThanOrEqualTo(500);
        Data.Categories.Where(c => Data.Items.All(i => i.CategoryId != c.Id)).Select(c => c.Id).Should().BeEmpty();
    }

    /// <summary>The everyday items issue 18 found missing, each by a name people use, and the item it must name.</summary>
    [Theory]
    [InlineData("PP끈", "twine-cable-tie")]
    [InlineData("슬리퍼", "slippers")]
    [InlineData("장화", "rain-boots")]
    [InlineData("부직포 가방", "non-woven-bag")]
    [InlineData("보자기", "bojagi")]
    [InlineData("실리카겔", "silica-gel")]
    [InlineData("물먹는하마", "dehumidifier-tub")]
    [InlineData("방향제", "gel-air-freshener")]
    [InlineData("디퓨저", "reed-diffuser")]
    [InlineData("명함", "business-card")]
    [InlineData("포스트잇", "sticky-note")]
    [InlineData("클리어파일", "clear-file-folder")]
    [InlineData("크레파스", "crayons")]
    [InlineData("연필", "pencil")]
    [InlineData("쿠션 팩트", "cushion-compact")]
    [InlineData("립스틱", "lipstick")]
    [InlineData("매니큐어", "nail-polish")]
    [InlineData("커피믹스 봉지", "coffee-mix-stick")]
    [InlineData("아이스크림 봉지", "ice-cream-bar-wrapper")]
    [InlineData("김 트레이", "seaweed-tray")]
    [InlineData("리필 파우치", "detergent-refill-pouch")]
    [InlineData("종이호일", "parchment-paper")]
    [InlineData("드라이아이스", "dry-ice")]
    [InlineData("속옷", "underwear")]
    [InlineData("생리대", "sanitary-pad")]
    [InlineData("콘택트렌즈", "contact-lens")]
    [InlineData("가정용 주사바늘", "household-needles")]
    [InlineData("인슐린 주사 펜", "insulin-pen")]
    [InlineData("자가진단키트", "self-test-kit")]
    [InlineData("새우 껍질", "shrimp-shell")]
    [InlineData("멸치 대가리", "anchovy-heads")]
    [InlineData("조리 안 된 곡류", "raw-grains")]
    [InlineData("남은 음료", "leftover-drinks")]
    [InlineData("꽃다발", "bouquet")]
    [InlineData("생화", "cut-flowers")]
    [InlineData("낙엽", "fallen-leaves")]
    [InlineData("궐련형 전자담배 스틱", "heated-tobacco-stick")]
    [InlineData("리모컨", "remote-control")]
    [InlineData("손목시계", "wristwatch")]
    [InlineData("스마트워치", "smartwatch")]
    [InlineData("의류건조기", "clothes-dryer")]
    [InlineData("식기세척기", "dishwasher")]
    [InlineData("비데", "bidet")]
    [InlineData("러닝머신", "treadmill")]
    [InlineData("안마의자", "massage-chair")]
    [InlineData("전기히터", "electric-heater")]
    [InlineData("믹서기", "blender")]
    [InlineData("커피머신", "coffee-machine")]
    [InlineData("인덕션", "induction-cooktop")]
    [InlineData("가스레인지", "gas-stove")]
    [InlineData("전동킥보드 배터리", "e-scooter-battery")]
    [InlineData("소화기", "fire-extinguisher")]
    [InlineData("자동차 배터리", "car-battery")]
    [InlineData("폐타이어", "waste-tire")]
    [InlineData("텐트", "tent")]
    [InlineData("돗자리", "picnic-mat")]
    [InlineData("요가매트", "yoga-mat")]
    [InlineData("나무도마", "wooden-cutting-board")]
    [InlineData("액자", "picture-frame")]
    [InlineData("풍선", "balloon")]
    public void The_everyday_items_people_asked_for_are_named(string name, string itemId)
    {
        var result = new ItemMatcher(Data).Match(name);

        result.IsConfident.Should().BeTrue(name);
        result.Best!.Item.Id.Should().Be(itemId);
    }

    [Fact]
    public void Ids_are_unique_and_kebab_case()
    {
        var ids = Data.Items.Select(i => i.Id).Concat(Data.Categories.Select(c => "category:" + c.Id)).ToList();

        ids.Should().OnlyHaveUniqueItems();
        Data.Items.Select(i => i.Id).Concat(Data.Categories.Select(c => c.Id))
            .Should().OnlyContain(id => System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9]+(-[a-z0-9]+)*$"));
    }

    [Fact]
    public void Every_item_and_exception_points_at_an_existing_category()
    {
        foreach (var item in Data.Items)
        {
            Data.FindCategory(item.CategoryId).Should().NotBeNull(item.Id);
            item.Exceptions.Where(e => Data.FindCategory(e.CategoryId) is null).Should().BeEmpty(item.Id);
        }
    }

    [Fact]
    public void Every_item_has_names_steps_and_sources()
    {
        var sources = Data.Sources.Select(s => s.Id).ToHashSet();
        foreach (var item in Data.Items)
        {
            item.NameKo.Should().NotBeNullOrWhiteSpace(item.Id);
            item.NameEn.Should().NotBeNullOrWhiteSpace(item.Id);
            item.Steps.Should().NotBeEmpty(item.Id).And.OnlyContain(s => !string.IsNullOrWhiteSpace(s));
            item.SourceIds.Should().NotBeEmpty(item.Id);
            item.SourceIds.Where(s => !sources.Contains(s)).Should().BeEmpty(item.Id);
        }

        Data.Categories.Should().OnlyContain(c => c.HowTo.Count > 0 && c.SourceIds.All(s => sources.Contains(s)));
    }

    [Fact]
    public void No_name_or_alias_belongs_to_two_items_unless_listed_as_ambiguous()
    {
        var allowed = Data.AmbiguousNames.Select(KoreanText.Normalize).ToHashSet(StringComparer.Ordinal);
        var shared = SharedNames();

        shared.Where(entry => !allowed.Contains(entry.Key))
            .Select(entry => $"{entry.Key}: {string.Join(", ", entry.Value)}")
            .Should().BeEmpty("a name shared by several items must be listed in dataset.json ambiguousNames");
    }

    [Fact]
    public void Every_listed_ambiguous_name_is_really_shared_by_two_items()
    {
        var shared = SharedNames();

        Data.AmbiguousNames.Where(name => !shared.ContainsKey(KoreanText.Normalize(name)))
            .Should().BeEmpty("dataset.json ambiguousNames lists only names that at least two items share");
        Data.AmbiguousNames.Select(KoreanText.Normalize).Should().OnlyHaveUniqueItems();
    }

    /// <summary>Normalised name → ids of the two or more items that use it as name or alias.</summary>
    private static Dictionary<string, List<string>> SharedNames() =>
        Data.Items
            .SelectMany(i => new[] { i.NameKo, i.NameEn }.Concat(i.Aliases).Select(n => (Key: KoreanText.Normalize(n), i.Id)))
            .Distinct()
            .GroupBy(e => e.Key, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Id).ToList(), StringComparer.Ordinal);

    [Fact]
    public void Every_item_has_its_English_texts_one_for_one_with_the_Korean_ones_and_without_Hangul()
    {
        foreach (var item in Data.Items)
        {
            item.StepsEn.Should().HaveSameCount(item.Steps, item.Id);
            item.CautionsEn.Should().HaveSameCount(item.Cautions, item.Id);
            (item.DropOffEn is null).Should().Be(item.DropOff is null, item.Id);
            item.StepsEn.Concat(item.CautionsEn).Concat(item.Exceptions.Select(e => e.WhenEn))
                .Where(string.IsNullOrWhiteSpace).Should().BeEmpty(item.Id);
            new[] { item.NameEn, item.DropOffEn, item.LocalNoteEn }.Concat(item.StepsEn).Concat(item.CautionsEn)
                .Concat(item.Exceptions.Select(e => e.WhenEn))
                .Should().NotContain(t => t != null && Hangul.IsMatch(t), $"{item.Id}: an English text is read by someone who reads no Korean");
        }
    }

    [Fact]
    public void Every_FAQ_entry_has_its_English_question_and_answer()
    {
        Data.Faq.Should().OnlyContain(f => !string.IsNullOrWhiteSpace(f.QuestionEn) && !string.IsNullOrWhiteSpace(f.AnswerEn)
            && !Hangul.IsMatch(f.QuestionEn) && !Hangul.IsMatch(f.AnswerEn));
    }

    private static readonly System.Text.RegularExpressions.Regex Hangul = new("[가-힣]");

    [Fact]
    public void A_local_note_comes_in_both_languages_and_only_on_an_item_whose_rule_differs_by_region()
    {
        foreach (var item in Data.Items.Where(i => i.LocalNote is not null || i.LocalNoteEn is not null))
        {
            item.LocalNote.Should().NotBeNullOrWhiteSpace(item.Id);
            item.LocalNoteEn.Should().NotBeNullOrWhiteSpace(item.Id);
            item.LocalRulesDiffer.Should().BeTrue(item.Id);
        }
    }

    [Fact]
    public void Every_category_says_how_and_where_in_English_too()
    {
        foreach (var category in Data.Categories)
        {
            category.HowToEn.Should().NotBeNull(category.Id).And.HaveSameCount(category.HowTo, category.Id);
            category.HowToEn.Should().OnlyContain(text => !string.IsNullOrWhiteSpace(text), category.Id);
            category.WhereEn.Should().NotBeNullOrWhiteSpace(category.Id);
        }
    }

    [Fact]
    public void Every_guide_section_and_point_has_its_English_title_and_text()
    {
        foreach (var section in Data.Guide.Principles.Concat(Data.Guide.Sections))
        {
            section.TitleEn.Should().NotBeNullOrWhiteSpace(section.Id);
            section.SummaryEn.Should().NotBeNullOrWhiteSpace(section.Id);
            section.Points.Should().OnlyContain(p => !string.IsNullOrWhiteSpace(p.TitleEn) && !string.IsNullOrWhiteSpace(p.TextEn), section.Id);
        }
    }
}
