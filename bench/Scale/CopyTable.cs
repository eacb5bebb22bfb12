using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace OkrBot.Bench.Scale;

/// <summary>
/// Binary COPY of entities into their table, with the table, the columns, their types and value conversions all taken from
/// the product's EF model: the generator fills entity objects and cannot write a column the migrations do not have, nor
/// miss one they added (a column with no CLR property stops it with a message).
/// </summary>
public sealed class CopyTable<T> where T : class
{
    private static readonly MethodInfo WriteTyped = typeof(NpgsqlBinaryImporter).GetMethods()
        .Single(m => m.Name == nameof(NpgsqlBinaryImporter.Write) && m.IsGenericMethodDefinition
                     && m.GetParameters() is [_, { ParameterType: var p }] && p == typeof(string));

    private static readonly MethodInfo WriteNull = typeof(NpgsqlBinaryImporter).GetMethod(nameof(NpgsqlBinaryImporter.WriteNull))!;

    private readonly Action<NpgsqlBinaryImporter, T> _writeRow;

    private CopyTable(string copyCommand, Action<NpgsqlBinaryImporter, T> writeRow)
    {
        CopyCommand = copyCommand;
        _writeRow = writeRow;
    }

    /// <summary>COPY "Table" ("A", "B", ...) FROM STDIN (FORMAT BINARY).</summary>
    public string CopyCommand { get; }

    public static CopyTable<T> For(IModel model)
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = entity.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} has no table.");
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var importer = Expression.Parameter(typeof(NpgsqlBinaryImporter), "importer");
        var row = Expression.Parameter(typeof(T), "row");
        var body = new List<Expression> { Expression.Call(importer, typeof(NpgsqlBinaryImporter).GetMethod(nameof(NpgsqlBinaryImporter.StartRow))!) };
        var columns = new List<string>();
        foreach (var property in entity.GetProperties())
        {
            if (property.PropertyInfo is not { } info)
                throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} has no CLR property: teach the generator to fill it.");
            columns.Add($"\"{property.GetColumnName(store)}\"");
            var mapping = property.GetRelationalTypeMapping();
            // "character varying(200)" -> "character varying": the data type, without the length or precision.
            var dataType = mapping.StoreType.Split('(')[0].Trim();
            body.Add(WriteColumn(importer, Expression.Property(row, info), mapping.Converter ?? property.GetValueConverter(), dataType));
        }

        var command = $"COPY \"{table}\" ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)";
        return new CopyTable<T>(command, Expression.Lambda<Action<NpgsqlBinaryImporter, T>>(Expression.Block(body), importer, row).Compile());
    }

    /// <summary>Streams <paramref name="rows"/> in; returns how many.</summary>
    public async Task<long> WriteAsync(NpgsqlConnection connection, IEnumerable<T> rows, CancellationToken ct = default)
    {
        await using var writer = await connection.BeginBinaryImportAsync(CopyCommand, ct);
        foreach (var row in rows) _writeRow(writer, row);
        return (long)await writer.CompleteAsync(ct);
    }

    private static Expression WriteColumn(ParameterExpression importer, Expression value, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? converter,
        string dataType)
    {
        var underlying = Nullable.GetUnderlyingType(value.Type);
        var present = underlying is not null ? Expression.Property(value, "Value") : value;
        Expression provider = present;
        if (converter is not null)
        {
            // The model's own conversion (enums as strings), inlined.
            var convert = converter.ConvertToProviderExpression;
            var input = present.Type == convert.Parameters[0].Type ? present : Expression.Convert(present, convert.Parameters[0].Type);
            provider = new Replace(convert.Parameters[0], input).Visit(convert.Body);
        }

        var write = Expression.Call(importer, WriteTyped.MakeGenericMethod(provider.Type), provider, Expression.Constant(dataType));
        Expression? isNull = underlying is not null ? Expression.Not(Expression.Property(value, "HasValue"))
            : !value.Type.IsValueType ? Expression.Equal(value, Expression.Constant(null, value.Type))
            : null;
        return isNull is null ? write : Expression.IfThenElse(isNull, Expression.Call(importer, WriteNull), write);
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
