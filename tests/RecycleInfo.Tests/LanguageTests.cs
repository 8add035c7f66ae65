using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Growbin.Knowledge;

namespace Growbin.RecycleInfo.Tests;

/// <summary>Accept-Language picks the texts' language (Korean by default, English), and caches keep one copy per language.</summary>
public sealed class LanguageTests(RecycleInfoHost api) : IClassFixture<RecycleInfoHost>
{
    private static readonly KnowledgeBase Data = KnowledgeBase.Default;

    [Theory]
    [InlineData("/api/v1/recycle/items/milk-carton")]
    [InlineData("/api/v1/recycle/items/pills?region=%EC%84%9C%EC%9A%B8")]
    [InlineData("/api/v1/recycle/categories")]
    [InlineData("/api/v1/recycle/faq")]
    [InlineData("/api/v1/recycle/faq?category=battery")]
    [InlineData("/api/v1/recycle/guide")]
    public async Task Every_text_answer_says_its_language_and_that_it_varies_by_Accept_Language(string path)
    {
        foreach (var (header, tag) in new[] { (null, "ko"), ("en-US,en;q=0.9", "en"), ("ko-KR", "ko") })
        {
            var response = await SendAsync(path, header);

            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Content.Headers.ContentLanguage.Should().Equal(tag);
            response.Headers.Vary.Should().Contain("Accept-Language");
            (await JsonAsync(response)).GetProperty("language").GetString().Should().Be(tag);
        }
    }

    [Theory]
    [InlineData(null, TextLanguage.Ko)]
    [InlineData("fr-FR, de;q=0.8", TextLanguage.Ko)]
    [InlineData("*", TextLanguage.Ko)]
    [InlineData("en", TextLanguage.En)]
    [InlineData("ko;q=0, en;q=0.1", TextLanguage.En)]
    [InlineData("en;q=0.5, ko;q=0.8", TextLanguage.Ko)]
    public async Task An_item_is_written_in_the_best_language_the_client_accepts(string? header, TextLanguage expected)
    {
        var item = Data.FindItem("milk-carton")!;

        var json = await JsonAsync(await SendAsync("/api/v1/recycle/items/milk-carton", header));

        Texts(json.GetProperty("steps")).Should().Equal(item.StepsIn(expected));
        Texts(json.GetProperty("cautions")).Should().Equal(item.CautionsIn(expected));
        json.GetProperty("where").GetString().Should().Be(Data.FindCategory(item.CategoryId)!.WhereIn(expected));
        json.GetProperty("nameKo").GetString().Should().Be(item.NameKo, "names come in both languages whatever the texts' language");
        if (expected == TextLanguage.En)
        {
            Texts(json.GetProperty("steps")).Should().NotContain(t => System.Text.RegularExpressions.Regex.IsMatch(t!, "[가-힣]"));
        }
        json.GetProperty("nameEn").GetString().Should().Be(item.NameEn);
    }

    [Fact]
    public async Task In_English_a_local_rule_names_its_region_in_English()
    {
        var json = await JsonAsync(await SendAsync($"/api/v1/recycle/items/pills?region={Uri.EscapeDataString("서울 마포구")}", "en"));

        var rule = json.GetProperty("rule");
        rule.GetProperty("scope").GetString().Should().Be("local");
        rule.GetProperty("region").GetString().Should().Be("Seoul");
        var local = Data.RuleFor(Data.FindItem("pills")!, RegionName.TryParse("서울", out var seoul) ? seoul : null);
        Texts(rule.GetProperty("steps")).Should().Equal(local.StepsIn(TextLanguage.En));
        rule.GetProperty("dropOff").GetString().Should().Be(local.DropOffIn(TextLanguage.En)).And.NotMatchRegex("[가-힣]");
    }

    [Fact]
    public async Task Categories_faq_and_guide_come_in_English_with_no_Korean_text()
    {
        var categories = await JsonAsync(await SendAsync("/api/v1/recycle/categories", "en"));
        foreach (var category in categories.GetProperty("categories").EnumerateArray())
        {
            var id = category.GetProperty("id").GetString()!;
            category.GetProperty("where").GetString().Should().Be(Data.FindCategory(id)!.WhereEn);
            Texts(category.GetProperty("howTo")).Should().Equal(Data.FindCategory(id)!.HowToEn);
        }

        var guide = await JsonAsync(await SendAsync("/api/v1/recycle/guide", "en"));
        guide.GetProperty("principles")[0].GetProperty("title").GetString().Should().Be(Data.Guide.Principles[0].TitleEn);
        guide.GetProperty("sections")[0].GetProperty("points")[0].GetProperty("text").GetString()
            .Should().Be(Data.Guide.Sections[0].Points[0].TextEn);

        var faq = await JsonAsync(await SendAsync("/api/v1/recycle/faq", "en"));
        var first = faq.GetProperty("entries")[0];
        first.GetProperty("question").GetString().Should().Be(Data.Faq[0].QuestionIn(TextLanguage.En));
        first.GetProperty("answer").GetString().Should().Be(Data.Faq[0].AnswerIn(TextLanguage.En));
    }

    [Fact]
    public async Task Each_language_has_its_own_etag_so_a_cached_Korean_copy_never_answers_an_English_request()
    {
        var korean = await SendAsync("/api/v1/recycle/guide", null);
        var english = await SendAsync("/api/v1/recycle/guide", "en");
        korean.Headers.ETag.Should().NotBe(english.Headers.ETag);

        var revalidated = await SendAsync("/api/v1/recycle/guide", "en", korean.Headers.ETag);
        revalidated.StatusCode.Should().Be(HttpStatusCode.OK, "the Korean ETag is not the English representation");

        var notModified = await SendAsync("/api/v1/recycle/guide", "en", english.Headers.ETag);
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        notModified.Headers.Vary.Should().Contain("Accept-Language", "a 304 carries the Vary the 200 would");
    }

    [Fact]
    public async Task A_search_answer_does_not_depend_on_the_language()
    {
        var korean = await SendAsync("/api/v1/recycle/items?query=%EC%9A%B0%EC%9C%A0%ED%8C%A9", null);
        var english = await SendAsync("/api/v1/recycle/items?query=%EC%9A%B0%EC%9C%A0%ED%8C%A9", "en");

        (await english.Content.ReadAsStringAsync()).Should().Be(await korean.Content.ReadAsStringAsync(), "a summary carries both names and no text");
        english.Content.Headers.ContentLanguage.Should().BeEmpty();
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string? acceptLanguage, EntityTagHeaderValue? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }

        return await api.Client.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static List<string?> Texts(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()).ToList();
}
