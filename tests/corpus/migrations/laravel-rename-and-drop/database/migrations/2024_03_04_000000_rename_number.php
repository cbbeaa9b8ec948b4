<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::table('invoices', function (Blueprint $t) {
            $t->renameColumn('number', 'reference');
            $t->dropColumn('legacy_code');
            // $t->dropColumn('commented_out');
        });
    }

    public function down(): void
    {
        Schema::table('invoices', function (Blueprint $t) {
            $t->renameColumn('reference', 'number');
            $t->string('legacy_code')->nullable();
        });
    }
};
