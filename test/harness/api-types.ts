/* eslint-disable no-bitwise */ // TypeScript compiler flags are bit sets.
import { readFileSync, writeFileSync } from 'fs';
import { join, relative, sep } from 'path';
import * as ts from 'typescript';

/**
 * Generates lib/core/private/api-types.generated.ts, the table of the public
 * API's types that `checkArguments` walks: every exported struct (field ->
 * type), every enum (its values) and every public constructor, method and
 * static factory (parameter list), read with the TypeScript compiler from
 * lib/index.ts. test/api-types.test.ts fails when the committed table is out of
 * date; regenerate with `npx projen api-types`.
 *
 * A type is a string: `string`, `number`, `boolean`, `any`, `enum:Name`,
 * `struct:Name` (a table entry), `class:Name` (a class of this library),
 * `iface:Name:method` (a protocol of this library that users implement: an
 * object whose `method` is a function), `ext:Name` / `ext:Name:marker` (a type of another package; the
 * marker is a member the value must have, e.g. `node` for a construct),
 * `array:T`, `map:T`; a leading `?` marks an optional field or parameter.
 */

const ROOT = join(__dirname, '..', '..');
export const API_TYPES_FILE = join(ROOT, 'lib', 'core', 'private', 'api-types.generated.ts');

/** Members of other packages' types that are cheap, reliable duck-typed markers (instanceof fails across copies). */
const EXTERNAL_MARKERS: Record<string, string> = {
  Duration: 'toSeconds',
  Size: 'toBytes',
  Expiration: 'toEpoch',
  Schedule: 'expressionString',
  IGrantable: 'grantPrincipal',
  IAlarmAction: 'bind',
  // Their one member is a method, which the property-based markers above do not find.
  AccessLogFormat: 'toString',
  HttpRouteIntegration: 'bind',
  IHttpRouteAuthorizer: 'bind',
  IWebSocketRouteAuthorizer: 'bind',
};

export interface ApiTypeTable {
  /** The values of each enum: strings, or numbers for a numeric enum. */
  readonly enums: Record<string, Array<string | number>>;
  readonly structs: Record<string, Record<string, string>>;
  /** `Class` for a constructor, `Class#method` for an instance method, `Class.method` for a static one: the parameter names and types. */
  readonly entries: Record<string, Array<[string, string]>>;
}

export function generateApiTypes(): ApiTypeTable {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined,
  })!;
  const program = ts.createProgram([join(ROOT, 'lib', 'index.ts')], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(join(ROOT, 'lib', 'index.ts'))!;
  const libDir = join(ROOT, 'lib') + sep;
  const isLib = (decl: ts.Declaration | undefined) => !!decl && decl.getSourceFile().fileName.split('/').join(sep).startsWith(libDir);

  const enums: ApiTypeTable['enums'] = {};
  const structs: ApiTypeTable['structs'] = {};
  const entries: ApiTypeTable['entries'] = {};
  const pendingStructs: ts.Symbol[] = [];

  /** `aws-cdk-lib/aws-apigateway` for a declaration in node_modules/aws-cdk-lib/aws-apigateway/lib/... */
  const externalModule = (decl: ts.Declaration): string => {
    const parts = decl.getSourceFile().fileName.split(/[\\/]node_modules[\\/]/).pop()!.split('/');
    const packageParts = parts[0].startsWith('@') ? 2 : 1;
    return parts.slice(0, parts[packageParts]?.startsWith('aws-') ? packageParts + 1 : packageParts).join('/');
  };
  const isInternal = (decl: ts.Declaration | undefined) => !!decl && ts.getJSDocTags(decl).some(tag => tag.tagName.text === 'internal');
  const isStructDecl = (decl: ts.Declaration | undefined): decl is ts.InterfaceDeclaration =>
    !!decl && ts.isInterfaceDeclaration(decl) && !/^I[A-Z]/.test(decl.name.text);

  const enumRef = (enumDecl: ts.EnumDeclaration): string => {
    const name = isLib(enumDecl) ? enumDecl.name.text : `${externalModule(enumDecl)}.${enumDecl.name.text}`;
    enums[name] = enumDecl.members.map(member => checker.getConstantValue(member)!);
    return `enum:${name}`;
  };

  /**
   * A member every instance of a class of this library has (also from another
   * copy of the package, where instanceof fails): its first method, or else its
   * first required property; none for an interface.
   */
  const classMarker = (type: ts.Type): string | undefined => {
    if (!type.isClass()) return undefined;
    const members = checker.getPropertiesOfType(type).filter(member => !member.name.startsWith('#'));
    const method = members.find(member => member.flags & ts.SymbolFlags.Method);
    if (method) return method.name;
    const required = members.find(member => {
      const decl = member.valueDeclaration;
      return decl && !optional(decl, checker.getTypeOfSymbolAtLocation(member, decl));
    });
    return required?.name;
  };

  /**
   * A required property of another package's interface or class that it
   * declares itself (e.g. `functionName` of IFunction, `secretArn` of ISecret):
   * more telling than the `node` every construct has.
   */
  const ownMarker = (decl: ts.Declaration | undefined): string | undefined => {
    if (!decl || !(ts.isInterfaceDeclaration(decl) || ts.isClassDeclaration(decl))) return undefined;
    for (const member of decl.members) {
      const isProperty = ts.isPropertySignature(member) || ts.isPropertyDeclaration(member);
      if (!isProperty || member.questionToken || !member.name || !ts.isIdentifier(member.name)) continue;
      const flags = ts.getCombinedModifierFlags(member);
      if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected | ts.ModifierFlags.Static)) continue;
      const type = checker.getTypeAtLocation(member);
      if (optional(member, type)) continue;
      return member.name.text;
    }
    return undefined;
  };

  /** Else a required property it inherits, other than those every construct or resource has. */
  const inheritedMarker = (type: ts.Type): string | undefined => checker.getPropertiesOfType(type).find(member => {
    const decl = member.valueDeclaration ?? member.declarations?.[0];
    return decl && !['node', 'env', 'stack'].includes(member.name) && !(member.flags & ts.SymbolFlags.Method)
      && (ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)) && !optional(decl, checker.getTypeOfSymbolAtLocation(member, decl));
  })?.name;

  const typeString = (type: ts.Type): string => {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'any';
    if (type.isUnion()) {
      const parts = type.types.filter(part => !(part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)));
      if (parts.every(part => part.flags & ts.TypeFlags.BooleanLiteral)) return 'boolean';
      if (parts.length === 1) return typeString(parts[0]);
      const enumDecl = parts[0].symbol?.declarations?.[0]?.parent;
      if (parts.every(part => part.flags & ts.TypeFlags.EnumLiteral) && enumDecl && ts.isEnumDeclaration(enumDecl)) return enumRef(enumDecl);
      return 'any';
    }
    if (type.flags & ts.TypeFlags.StringLike) return 'string';
    if (type.flags & ts.TypeFlags.NumberLike && !(type.flags & ts.TypeFlags.EnumLike)) return 'number';
    if (type.flags & ts.TypeFlags.BooleanLike) return 'boolean';
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (checker.isArrayType(type)) return `array:${typeString(checker.getTypeArguments(type as ts.TypeReference)[0])}`;
    const indexType = checker.getIndexTypeOfType(type, ts.IndexKind.String);
    if (indexType && type.getProperties().length === 0) return `map:${typeString(indexType)}`;
    if (!symbol) return 'any';
    const decl = symbol.declarations?.[0];
    if (type.flags & ts.TypeFlags.EnumLike || (decl && ts.isEnumDeclaration(decl))) {
      return enumRef(decl && ts.isEnumDeclaration(decl) ? decl : (decl?.parent as ts.EnumDeclaration));
    }
    if (symbol.name === 'Date') return 'ext:Date:getTime';
    if (isLib(decl)) {
      if (isStructDecl(decl)) {
        if (!(symbol.name in structs) && !pendingStructs.includes(symbol)) pendingStructs.push(symbol);
        return `struct:${symbol.name}`;
      }
      if (decl && ts.isInterfaceDeclaration(decl)) {
        // A protocol of this library (IRestIntegration...), which users implement: an object with its first method.
        const method = checker.getPropertiesOfType(type).find(member => member.flags & ts.SymbolFlags.Method);
        return method ? `iface:${symbol.name}:${method.name}` : `iface:${symbol.name}`;
      }
      const marker = classMarker(type);
      return marker ? `class:${symbol.name}:${marker}` : `class:${symbol.name}`;
    }
    const marker = EXTERNAL_MARKERS[symbol.name] ?? ownMarker(decl) ?? inheritedMarker(type) ?? (checker.getPropertyOfType(type, 'node') ? 'node' : undefined);
    if (decl && ts.isInterfaceDeclaration(decl) && !/^I[A-Z]/.test(symbol.name) && !marker) {
      // A struct of another package (e.g. aws-cdk-lib's JsonSchema): only its object-ness is checked.
      return `ext:${symbol.name}`;
    }
    return marker ? `ext:${symbol.name}:${marker}` : `ext:${symbol.name}`;
  };

  const optional = (decl: ts.Declaration | undefined, type: ts.Type) => {
    const questioned = !!decl && (ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl) || ts.isParameter(decl))
      && (!!decl.questionToken || (ts.isParameter(decl) && !!decl.initializer));
    const undefinedInUnion = type.isUnion() && type.types.some(part => part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void));
    return questioned || undefinedInUnion || !!(type.flags & ts.TypeFlags.Any);
  };

  const parameters = (signature: ts.Signature): Array<[string, string]> => signature.getParameters().map(parameter => {
    const decl = parameter.valueDeclaration as ts.ParameterDeclaration;
    const type = checker.getTypeOfSymbolAtLocation(parameter, decl);
    return [parameter.name, `${optional(decl, type) ? '?' : ''}${typeString(type)}`];
  });

  const isPublicMember = (member: ts.Symbol) => {
    const decl = member.valueDeclaration ?? member.declarations?.[0];
    if (!decl || !isLib(decl) || isInternal(decl) || member.name.startsWith('_')) return false;
    const flags = ts.getCombinedModifierFlags(decl);
    return !(flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) && !ts.isPrivateIdentifier((decl as ts.NamedDeclaration).name!);
  };

  const addMethods = (className: string, type: ts.Type, separator: string) => {
    for (const member of checker.getPropertiesOfType(type)) {
      if (!isPublicMember(member) || !(member.flags & ts.SymbolFlags.Method)) continue;
      const decl = member.valueDeclaration!;
      const signature = checker.getSignaturesOfType(checker.getTypeOfSymbolAtLocation(member, decl), ts.SignatureKind.Call)[0];
      if (signature) entries[`${className}${separator}${member.name}`] = parameters(signature);
    }
  };

  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(index)!)
    .map(symbol => symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  for (const symbol of exported) {
    const decl = symbol.declarations?.[0];
    if (!decl || isInternal(decl)) continue;
    if (ts.isClassDeclaration(decl)) {
      const name = symbol.name;
      const staticType = checker.getTypeOfSymbolAtLocation(symbol, decl);
      const ctor = decl.members.find(ts.isConstructorDeclaration);
      const ctorFlags = ctor ? ts.getCombinedModifierFlags(ctor) : 0;
      const isAbstract = !!(ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Abstract);
      if (ctor && !(ctorFlags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) && !isAbstract) {
        entries[name] = parameters(checker.getSignatureFromDeclaration(ctor)!);
      }
      addMethods(name, checker.getDeclaredTypeOfSymbol(symbol), '#');
      addMethods(name, staticType, '.');
    } else if (ts.isEnumDeclaration(decl)) {
      enumRef(decl);
    } else if (isStructDecl(decl)) {
      pendingStructs.push(symbol);
    }
  }
  while (pendingStructs.length > 0) {
    const symbol = pendingStructs.shift()!;
    if (symbol.name in structs) continue;
    const fields: Record<string, string> = {};
    structs[symbol.name] = fields;
    for (const property of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
      const decl = property.valueDeclaration ?? property.declarations?.[0];
      const type = checker.getTypeOfSymbolAtLocation(property, decl!);
      fields[property.name] = `${optional(decl, type) ? '?' : ''}${typeString(type)}`;
    }
  }
  const sorted = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.keys(record).sort().map(key => [key, record[key]]));
  return { enums: sorted(enums), structs: sorted(structs), entries: sorted(entries) };
}

/**
 * The source text of the committed table: one line per enum, struct and entry
 * point, so that the file stays short and a change of one type shows as one
 * changed line in a diff.
 */
export function renderApiTypes(table: ApiTypeTable): string {
  const record = (values: Record<string, unknown>): string => [
    '{',
    ...Object.entries(values).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`),
    '}',
  ].join('\n');
  const lines = [
    `// ~~ Generated by ${relative(ROOT, __filename)} from lib/index.ts. Do not edit; run "npx projen api-types".`,
    '/* eslint-disable */',
    '',
    'export const API_ENUMS: Record<string, ReadonlyArray<string | number>> = ' + record(table.enums) + ';',
    '',
    'export const API_STRUCTS: Record<string, Record<string, string>> = ' + record(table.structs) + ';',
    '',
    'export const API_ENTRIES: Record<string, ReadonlyArray<readonly [string, string]>> = ' + record(table.entries) + ';',
    '',
  ];
  return lines.join('\n');
}

export function committedApiTypes(): string {
  return readFileSync(API_TYPES_FILE, 'utf8');
}

if (require.main === module) {
  writeFileSync(API_TYPES_FILE, renderApiTypes(generateApiTypes()));
  process.stdout.write(`wrote ${relative(ROOT, API_TYPES_FILE)}\n`);
}
