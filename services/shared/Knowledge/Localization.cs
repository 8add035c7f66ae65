namespace Growbin.Knowledge;

/// <summary>The text of a record in a <see cref="TextLanguage"/>: every text of the dataset is in Korean and English.</summary>
public static class Localization
{
    public static string Name(this Item item, TextLanguage language) => language == TextLanguage.En ? item.NameEn : item.NameKo;

    public static IReadOnlyList<string> StepsIn(this Item item, TextLanguage language) =>
        language == TextLanguage.En ? item.StepsEn : item.Steps;

    public static IReadOnlyList<string> CautionsIn(this Item item, TextLanguage language) =>
        language == TextLanguage.En ? item.CautionsEn : item.Cautions;

    public static string? DropOffIn(this Item item, TextLanguage language) =>
        language == TextLanguage.En ? item.DropOffEn : item.DropOff;

    public static string? LocalNoteIn(this Item item, TextLanguage language) =>
        language == TextLanguage.En ? item.LocalNoteEn : item.LocalNote;

    public static string WhenIn(this ItemException exception, TextLanguage language) =>
        language == TextLanguage.En ? exception.WhenEn : exception.When;

    public static string Name(this Category category, TextLanguage language) =>
        language == TextLanguage.En ? category.NameEn : category.NameKo;

    public static IReadOnlyList<string> HowToIn(this Category category, TextLanguage language) =>
        language == TextLanguage.En ? category.HowToEn : category.HowTo;

    public static string WhereIn(this Category category, TextLanguage language) =>
        language == TextLanguage.En ? category.WhereEn : category.Where;

    public static string QuestionIn(this FaqEntry entry, TextLanguage language) =>
        language == TextLanguage.En ? entry.QuestionEn : entry.Question;

    public static string AnswerIn(this FaqEntry entry, TextLanguage language) =>
        language == TextLanguage.En ? entry.AnswerEn : entry.Answer;

    public static string TitleIn(this GuideSection section, TextLanguage language) =>
        language == TextLanguage.En ? section.TitleEn : section.Title;

    public static string SummaryIn(this GuideSection section, TextLanguage language) =>
        language == TextLanguage.En ? section.SummaryEn : section.Summary;

    public static string TitleIn(this GuidePoint point, TextLanguage language) =>
        language == TextLanguage.En ? point.TitleEn : point.Title;

    public static string TextIn(this GuidePoint point, TextLanguage language) =>
        language == TextLanguage.En ? point.TextEn : point.Text;
}
