using Growbin.ResponseGenerator.Korean;

namespace Growbin.ResponseGenerator.Tests;

public sealed class PoliteSpeechTests
{
    [Theory]
    [InlineData("물로 헹군다", "물로 헹궈요")]
    [InlineData("종이팩 전용 수거함에 넣는다", "종이팩 전용 수거함에 넣어요")]
    [InlineData("재활용품 배출일에 내놓는다", "재활용품 배출일에 내놓아요")]
    [InlineData("뚜껑을 닫는다", "뚜껑을 닫아요")]
    [InlineData("종량제 봉투에 버린다", "종량제 봉투에 버려요")]
    [InlineData("고품질 재활용이 안 된다", "고품질 재활용이 안 돼요")]
    [InlineData("집 안에서 내어 준다", "집 안에서 내어 줘요")]
    [InlineData("라벨을 뗀다", "라벨을 떼요")]
    [InlineData("불씨를 완전히 끈다", "불씨를 완전히 꺼요")]
    [InlineData("새지 않게 잠근다", "새지 않게 잠가요")]
    [InlineData("한 병에 모은다", "한 병에 모아요")]
    [InlineData("지역 안내를 따른다", "지역 안내를 따라요")]
    [InlineData("크기에 따라 수수료가 다르다", "크기에 따라 수수료가 달라요")]
    [InlineData("재활용이 어렵다", "재활용이 어려워요")]
    [InlineData("합선되기 쉽다", "합선되기 쉬워요")]
    [InlineData("버리는 것이 낫다", "버리는 것이 나아요")]
    [InlineData("경우가 많다", "경우가 많아요")]
    [InlineData("화재 위험이 있다", "화재 위험이 있어요")]
    [InlineData("음식물이 아니다", "음식물이 아니에요")]
    [InlineData("속 솜은 일반쓰레기다", "속 솜은 일반쓰레기예요")]
    [InlineData("전기면도기는 소형가전이다", "전기면도기는 소형가전이에요")]
    [InlineData("비닐막이 보이면 코팅 종이다", "비닐막이 보이면 코팅 종이예요")]
    [InlineData("상자를 펼쳐 납작하게 만든다", "상자를 펼쳐 납작하게 만들어요")]
    [InlineData("부풀지 않았는지 확인한다", "부풀지 않았는지 확인해요")]
    [InlineData("안이 깨끗하다", "안이 깨끗해요")]
    [InlineData("색이 그렇다", "색이 그래요")]
    [InlineData("물을 붓는다", "물을 부어요")]
    [InlineData("부피가 크다", "부피가 커요")]
    [InlineData("물을 비운다", "물을 비워요")]
    [InlineData("단자에 테이프를 붙인다.", "단자에 테이프를 붙여요")]
    [InlineData("종량제 봉투에 넣는다(지역에 따라 불연성 마대)", "종량제 봉투에 넣어요(지역에 따라 불연성 마대)")]
    [InlineData("우체통으로도 받는다(물약은 안 된다)", "우체통으로도 받아요(물약은 안 돼요)")]
    public void A_plain_style_sentence_is_spoken_in_haeyo(string plain, string polite)
    {
        PoliteSpeech.TryToHaeyo(plain, out var converted).Should().BeTrue();
        converted.Should().Be(polite);
    }

    [Theory]
    [InlineData("키친타월이나 신문지에 흡수시키거나 굳혀서")]
    [InlineData("Put it in the bin")]
    [InlineData("")]
    public void A_sentence_it_cannot_read_is_left_as_it_is(string text)
    {
        PoliteSpeech.TryToHaeyo(text, out var converted).Should().BeFalse();
        converted.Should().Be(text);
    }

    [Fact]
    public void Every_plain_style_step_and_caution_in_the_dataset_is_converted()
    {
        var texts = Rules.Data.Items.SelectMany(i => i.Steps.Concat(i.Cautions))
            .Concat(Rules.Data.Categories.SelectMany(c => c.HowTo))
            .Distinct()
            .Where(text => PoliteSpeech.SplitTrailingNote(text).Core.EndsWith('다'))
            .ToList();

        texts.Should().HaveCountGreaterThan(100);
        foreach (var text in texts)
        {
            PoliteSpeech.TryToHaeyo(text, out var polite).Should().BeTrue(text);
            PoliteSpeech.SplitTrailingNote(polite).Core.Should().EndWith("요", text);
        }
    }

    [Theory]
    [InlineData("내용물이 말라붙어 씻기지 않을 때", "내용물이 말라붙어 씻기지 않으면", "")]
    [InlineData("깨졌을 때 (지역 안내 확인)", "깨졌으면", " (지역 안내 확인)")]
    [InlineData("유리 젖병일 때", "유리 젖병이면", "")]
    [InlineData("작은 자투리일 때", "작은 자투리면", "")]
    [InlineData("아주 커서 수거함에 안 들어갈 때", "아주 커서 수거함에 안 들어가면", "")]
    [InlineData("분해가 안 되고 부피가 클 때", "분해가 안 되고 부피가 크면", "")]
    [InlineData("양이 많아 봉투에 담기 어려울 때(지역 안내)", "양이 많아 봉투에 담기 어려우면", "(지역 안내)")]
    public void An_exceptions_when_becomes_an_if_clause(string when, string conditional, string note)
    {
        PoliteSpeech.TryToConditional(when, out var clause, out var trailing).Should().BeTrue();
        clause.Should().Be(conditional);
        trailing.Should().Be(note);
    }

    [Theory]
    [InlineData("달걀 껍데기")]
    [InlineData("기름·치즈가 묻은 부분")]
    public void A_part_named_by_a_noun_is_not_an_if_clause(string when)
    {
        PoliteSpeech.TryToConditional(when, out var clause, out _).Should().BeFalse();
        clause.Should().Be(when);
    }

    [Fact]
    public void Every_when_clause_in_the_dataset_becomes_an_if_clause()
    {
        var whens = Rules.Data.Items.SelectMany(i => i.Exceptions).Select(e => e.When).Distinct()
            .Where(when => PoliteSpeech.SplitTrailingNote(when).Core.EndsWith('때'))
            .ToList();

        whens.Should().NotBeEmpty();
        foreach (var when in whens)
        {
            PoliteSpeech.TryToConditional(when, out var clause, out _).Should().BeTrue(when);
            clause.Should().EndWith("면", when);
        }
    }
}
